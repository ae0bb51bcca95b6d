#!/usr/bin/env bash
# Installs the Debian packages the tests need, if they are missing:
#   python3-cinder  real Cinder (Zed) code, the reference the record format is checked against;
#   python3-cinderclient, python3-openstackclient  the real `cinder` and `openstack` CLIs, run
#                   against the portal's Cinder-compatible API;
#   postgresql      the server the tests run a throwaway cluster of (scripts/postgres.sh);
#   cinder-api, cinder-backup, rabbitmq-server, python3-psycopg2, python3-keystonemiddleware,
#   cinder-scheduler, dmidecode  a real Cinder (scripts/cinder/start.sh; scheduler and dmidecode
#                   for its WITH_VOLUME=1 mode: os-brick crashes without dmidecode);
#   keystone, uwsgi-core, uwsgi-plugin-python3  a real Keystone (scripts/keystone/start.sh);
#   curl            the readiness probes of those launchers;
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

lean=$(missing python3-cinder python3-cinderclient python3-openstackclient postgresql \
  cinder-api cinder-backup rabbitmq-server python3-psycopg2 python3-keystonemiddleware \
  cinder-scheduler dmidecode keystone uwsgi-core uwsgi-plugin-python3 curl)
# Chromium keeps its recommended fonts, so pages render as users see them.
full=$(missing chromium)
[ -z "$lean$full" ] && exit 0

# The postinst scripts of postgresql, rabbitmq-server, cinder-* and keystone start their daemons
# (system-wide, as services) where an init system lets them; with none (CI) that fails or leaves
# strays. A policy-rc.d that exits 101 denies every start while installing; one already there
# (e.g. a Docker image's) is left as it is.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  trap '$sudo rm -f "$policy"' EXIT
fi

echo "Installing Debian packages:" $lean $full
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
[ -z "$lean" ] || apt_install --no-install-recommends $lean
[ -z "$full" ] || apt_install $full
