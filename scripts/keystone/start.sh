#!/bin/bash
# The project's own launcher of a REAL OpenStack Keystone (Debian bookworm package, Zed 22.x) on
# loopback, for tests that run the portal and a keystone-auth real Cinder against it (adapted from
# the workplace's reference scripts, so a fresh clone needs nothing beside it):
#   SQLite database (WAL), fernet tokens, served by uwsgi (no Apache, no systemd), then the
#   projects/users/roles/catalog/application credential of provision.py.
#
# Usage: [CINDER_PORT=N] [KS_EXPIRATION=SECONDS] [KS_SERVER=uwsgi|wsgiref] [KS_PROCESSES=1] \
#          [KS_CACHE=memory|none] start.sh DIR [PORT]   (root; DIR is created)
#   PORT: Keystone's port (default: a free one).  CINDER_PORT: the port the Cinder API will
#   listen on (goes into the volumev3 catalog endpoints; default: a free one, saved in
#   DIR/cinder_port; KEYSTONE_DIR=DIR ../cinder/start.sh CINDERDIR listens there).
#   KS_EXPIRATION: token lifetime in seconds ([token] expiration; default 3600, Keystone's own).
#   KS_SERVER=wsgiref uses /usr/bin/keystone-wsgi-public's own single-threaded test server.
# Prints the Keystone URL (http://127.0.0.1:PORT) on stdout; everything else goes to stderr.
# Writes DIR/keystone.json (what tests read: auth_url, admin password, application credential,
# project and user ids, cinder_port; see provision.py), DIR/env-admin,
# DIR/env-member-tenant{1,2,3}, DIR/env-portal, DIR/env-appcred (source them for the
# openstack/cinder CLIs), DIR/appcred.json, DIR/clouds.yaml, DIR/ids.json, DIR/keystone.env
# (KEYSTONE_URL, CINDER_PORT, CINDER_PASSWORD for ../cinder/start.sh), DIR/secrets and
# DIR/pids (used by stop.sh DIR).
set -euo pipefail
DIR=$(mkdir -p "${1:?usage: start.sh DIR [PORT]}" && cd "$1" && pwd)
PY=/usr/bin/python3            # Debian's python: the one that has python3-keystone
HERE=$(cd "$(dirname "$0")" && pwd); KS_SERVER=${KS_SERVER:-uwsgi}; KS_EXPIRATION=${KS_EXPIRATION:-3600}
log() { echo "[keystone] $*" >&2; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
free_port() { $PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_for() { # wait_for SECONDS CMD... : poll until CMD succeeds
  local end=$(( $(date +%s) + $1 )); shift
  until "$@" 2>/dev/null; do [ "$(date +%s)" -lt $end ] || return 1; sleep 0.2; done; }
[[ $KS_EXPIRATION =~ ^[0-9]+$ ]] || { log "KS_EXPIRATION must be a number of seconds, not '$KS_EXPIRATION'"; exit 2; }

# --- 1. packages ----------------------------------------------------------------
# keystone brings python3-keystone, keystone-manage, /usr/bin/keystone-wsgi-public,
# uwsgi-plugin-python3 (+ uwsgi-core), python3-openstackclient; no apache2.
# Its postinst only enables an init script (policy-rc.d denies the start) and
# creates the keystone user/dirs; with noninteractive debconf it configures no DB.
T=$(date +%s%N)
if ! [ -x /usr/bin/keystone-manage ] || ! [ -x /usr/bin/uwsgi_python3 ] || ! [ -x /usr/bin/openstack ] || ! [ -x /usr/bin/curl ]; then
  RC_ADDED=; [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; RC_ADDED=1; }
  apt-get -o DPkg::Lock::Timeout=900 update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends \
    keystone uwsgi-core uwsgi-plugin-python3 python3-openstackclient python3-cinderclient curl >&2
  [ -z "$RC_ADDED" ] || rm -f /usr/sbin/policy-rc.d
  log "packages installed in $(ms $T) ms"
fi

# --- 2. ports, secrets, config ----------------------------------------------------
PORT=${2:-$(free_port)}
[ -f "$DIR/cinder_port" ] || echo "${CINDER_PORT:-$(free_port)}" > "$DIR/cinder_port"
CINDER_PORT=${CINDER_PORT:-$(cat "$DIR/cinder_port")}; echo "$CINDER_PORT" > "$DIR/cinder_port"
KS=http://127.0.0.1:$PORT
mkdir -p "$DIR"/{log,fernet-keys,credential-keys}; chmod 700 "$DIR"/{fernet-keys,credential-keys}  # else: "key_repository is world readable"
: > "$DIR/pids"
# Secrets are made once per DIR (a restart keeps them); a name missing from an older file is added.
( umask 077; touch "$DIR/secrets"
  for n in ADMIN CINDER PORTAL USER1 USER2 USER3; do
    grep -q "^${n}_PASSWORD=" "$DIR/secrets" || echo "${n}_PASSWORD=$n-$($PY -c 'import secrets;print(secrets.token_hex(8))')" >> "$DIR/secrets"
  done
  grep -q '^APPCRED_SECRET=' "$DIR/secrets" || echo "APPCRED_SECRET=$($PY -c 'import secrets;print(secrets.token_urlsafe(24))')" >> "$DIR/secrets" )
. "$DIR/secrets"

cat > "$DIR/keystone.conf" <<EOF
[DEFAULT]
log_dir = $DIR/log
log_file = keystone.log
debug = false
[database]
connection = sqlite:///$DIR/keystone.sqlite
[token]
provider = fernet
# seconds (KS_EXPIRATION); Keystone's default is 3600
expiration = $KS_EXPIRATION
[fernet_tokens]
key_repository = $DIR/fernet-keys
[fernet_receipts]
key_repository = $DIR/fernet-keys
[credential]
key_repository = $DIR/credential-keys
[catalog]
driver = sql
[cache]
# In-process dogpile cache: token validation ~15 ms instead of ~0.8-1.5 s (uncached, one
# validation = ~960 SQL statements on SQLite).  It is per worker process: with
# KS_PROCESSES>1 a revocation/role change reaches the other workers only after
# expiration_time (600 s) -- hence 1 process by default.  KS_CACHE=none turns it off.
enabled = $([ "${KS_CACHE:-memory}" = none ] && echo false || echo true)
backend = dogpile.cache.memory
EOF

# --- 3. database, keys, bootstrap ---------------------------------------------------
T=$(date +%s%N)
KM=(/usr/bin/keystone-manage --config-file "$DIR/keystone.conf")
"${KM[@]}" db_sync > "$DIR/log/db_sync.log" 2>&1
"${KM[@]}" fernet_setup --keystone-user root --keystone-group root >> "$DIR/log/db_sync.log" 2>&1
"${KM[@]}" credential_setup --keystone-user root --keystone-group root >> "$DIR/log/db_sync.log" 2>&1
"${KM[@]}" bootstrap --bootstrap-password "$ADMIN_PASSWORD" \
  --bootstrap-admin-url "$KS/v3" --bootstrap-internal-url "$KS/v3" --bootstrap-public-url "$KS/v3" \
  --bootstrap-region-id RegionOne > "$DIR/log/bootstrap.log" 2>&1
# WAL: in the default rollback-journal mode a COMMIT needs every other connection to have
# dropped its read lock; with 2 uwsgi workers (or threads) POST /v3/roles etc. then hit
# "sqlite3.OperationalError: database is locked" after pysqlite's 5 s busy timeout.
$PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL").fetchone()[0])' \
  "$DIR/keystone.sqlite" >> "$DIR/log/db_sync.log"
log "db_sync + fernet/credential keys + bootstrap in $(ms $T) ms"

# --- 4. serve it ------------------------------------------------------------------
T=$(date +%s%N)
cd "$DIR"
if [ "$KS_SERVER" = wsgiref ]; then
  # pbr's test server (wsgiref.simple_server, one request at a time)
  setsid /usr/bin/keystone-wsgi-public --host 127.0.0.1 --port "$PORT" -- --config-file "$DIR/keystone.conf" \
    > "$DIR/log/keystone-wsgiref.out" 2>&1 &
  echo "keystone-wsgiref $!" >> "$DIR/pids"
else
  # Debian's /etc/keystone/keystone-uwsgi.ini, minus apparmor/uid/global paths, on 127.0.0.1.
  cat > "$DIR/keystone-uwsgi.ini" <<EOF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$PORT
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_DIR=$DIR
chdir = $DIR
master = true
# threads = 1: keystone's SQLite connections (NullPool) must not cross threads
# ("SQLite objects created in a thread can only be used in that same thread")
processes = ${KS_PROCESSES:-1}
threads = 1
enable-threads = true
# uwsgi's http-socket does not keep connections alive; without this, requests/keystoneauth
# reuse a closed connection -> "Connection reset by peer" (Debian drops Content-Length instead)
add-header = Connection: close
lazy-apps = true
thunder-lock = true
buffer-size = 65535
die-on-term = true
no-orphans = true
name = keystone-api
listen = 100
logto = $DIR/log/uwsgi.log
EOF
  setsid /usr/bin/uwsgi_python3 --ini "$DIR/keystone-uwsgi.ini" > "$DIR/log/uwsgi.out" 2>&1 &
  echo "keystone-uwsgi $!" >> "$DIR/pids"
fi
wait_for 60 curl -sf -o /dev/null "$KS/v3" || { log "keystone did not answer; see $DIR/log/"; exit 1; }
log "keystone ($KS_SERVER) answering on $KS in $(ms $T) ms"

# --- 5. projects, users, roles, catalog, application credential ---------------------
T=$(date +%s%N)
$PY "$HERE/provision.py" "$DIR" "$KS" "http://127.0.0.1:$CINDER_PORT/v3/%(project_id)s" > "$DIR/ids.out"
log "provisioned (service/tenant1/tenant2/tenant3 projects, cinder/portal/user1/user2/user3 users, volumev3 -> :$CINDER_PORT, appcred; tokens live ${KS_EXPIRATION} s) in $(ms $T) ms"
cat > "$DIR/keystone.env" <<EOF
KEYSTONE_URL=$KS
CINDER_PORT=$CINDER_PORT
CINDER_PASSWORD=$CINDER_PASSWORD
EOF
echo "$KS"
