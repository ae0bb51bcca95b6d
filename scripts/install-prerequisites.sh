#!/usr/bin/env bash
# Installs the Debian packages the tests need, if they are missing:
#   python3-cinder  real Cinder (Zed) code, the reference the record format is checked against;
#   python3-cinderclient, python3-openstackclient  the real `cinder` and `openstack` CLIs, run
#                   against the portal's Cinder-compatible API;
#   postgresql      the server the tests run a throwaway cluster of (scripts/postgres.sh);
#   chromium        the browser Playwright drives (Playwright's own browser download is not used).
set -euo pipefail

missing() {
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_install() {
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

lean=$(missing python3-cinder python3-cinderclient python3-openstackclient postgresql)
# Chromium keeps its recommended fonts, so pages render as users see them.
full=$(missing chromium)
[ -z "$lean$full" ] && exit 0

echo "Installing Debian packages: $lean $full"
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
[ -z "$lean" ] || apt_install --no-install-recommends $lean
[ -z "$full" ] || apt_install $full
