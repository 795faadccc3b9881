#!/usr/bin/env bash
# Prints the path of the kustomize binary that renders deploy/, installing it first when missing. Used by the deploy
# module's tests (./mvnw -B verify) and by docs/deploy.md; kubectl is not needed.
#
# kustomize comes from Debian's own package (trixie, 5.6.0), not from a release download: apt-get fetches the .deb
# through a private apt configuration (the machine's sources and installed packages are left alone; apt verifies the
# file against the signed index) and its binary is unpacked into a cache directory. The binary needs only libc 2.34+
# (Debian 12 has 2.36).
#
#   KUSTOMIZE=/path/to/kustomize   use that binary instead (any kustomize 5.x)
#   MP_TOOLS_DIR=/some/dir         where to keep it (default: ~/.cache/mp-marketplace)
set -euo pipefail
package_version="5.6.0+ds-1+b2"
suite="trixie"

if [ -n "${KUSTOMIZE:-}" ]; then
  if [ ! -x "$KUSTOMIZE" ]; then
    echo "KUSTOMIZE=$KUSTOMIZE is not an executable file" >&2
    exit 2
  fi
  echo "$KUSTOMIZE"
  exit 0
fi

tools="${MP_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mp-marketplace}"
target="$tools/kustomize-$package_version/kustomize"
if [ -x "$target" ]; then
  echo "$target"
  exit 0
fi

for tool in apt-get dpkg-deb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "kustomize missing and cannot install it: $tool not found (a Debian-family machine is needed; or set KUSTOMIZE)" >&2
    exit 2
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" \
  > "$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists" -o "Dir::State::Status=/dev/null" -o "Dir::Cache::archives=$work/archives"
  -o "Debug::NoLocking=1" -o "APT::Sandbox::User=$(id -un)")
echo "installing kustomize $package_version from Debian $suite into $tools" >&2
apt-get "${apt_opts[@]}" update -qq >&2
(cd "$work" && apt-get "${apt_opts[@]}" download -qq "kustomize=$package_version" >&2)
mkdir -p "$work/unpacked" "$(dirname "$target")"
dpkg-deb -x "$work"/kustomize_*.deb "$work/unpacked"
install -m 0755 "$work/unpacked/usr/bin/kustomize" "$target.partial"
mv "$target.partial" "$target"
echo "$target"
