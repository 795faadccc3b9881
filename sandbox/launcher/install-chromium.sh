#!/bin/sh
# Installs Debian's chromium and chromium-driver for ./marketplace demo when they are missing (decision 0011): as root
# with apt-get, or through sudo when it needs no password; otherwise says what to install and fails.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "marketplace demo: needs Chromium and its WebDriver (/usr/bin/chromium, /usr/bin/chromedriver);" \
        "install your system's chromium and chromium-driver" >&2
    exit 2
fi
if [ "$(id -u)" = 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    echo "marketplace demo: chromium and chromium-driver are missing; install them as root:" \
        "apt-get install --no-install-recommends chromium chromium-driver" >&2
    exit 2
fi
echo "Installing Debian's chromium and chromium-driver for the demo (once)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache policy chromium | grep -q 'Candidate: [0-9]'; then
    $as_root apt-get update -q >&2
fi
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver >&2
