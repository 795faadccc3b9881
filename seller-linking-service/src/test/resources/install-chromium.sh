#!/bin/sh
# Installs Debian's headless-capable Chromium and its WebDriver for SellerLinkingBrowserTest when they are missing.
# Runs only as root on a Debian-family machine (CI); elsewhere it does nothing and the test says what is missing.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium/chromium-driver missing and cannot install them (need root and apt-get)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache policy chromium | grep -q 'Candidate: [0-9]'; then
  apt-get update -q
fi
apt-get install -y -q --no-install-recommends chromium chromium-driver
