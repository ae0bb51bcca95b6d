#!/bin/bash
# The project's own launcher of a REAL OpenStack Cinder (Debian bookworm packages, Zed 21.x) on
# loopback, for benchmarks and tests that compare the portal with it (adapted from the workplace's
# reference scripts, so a fresh clone needs nothing beside it):
#   PostgreSQL (throwaway cluster in DIR/pg) + RabbitMQ (private epmd + ports) +
#   cinder-api (noauth, or Keystone auth with KEYSTONE_DIR; WORKERS API processes) +
#   cinder-backup (posix driver).  Enough for backup import_record / list / show / export_record.
#   No backup quotas (quota_backups = quota_backup_gigabytes = -1; Cinder's default is 10
#   backups per project, the 11th import_record answers 413).
#
# Usage: [WITH_VOLUME=1] [KEYSTONE_DIR=KSDIR] start.sh DIR [WORKERS]
#   (root; DIR is created; WORKERS: osapi_volume_workers, default 1)
#   WITH_VOLUME=1 also starts cinder-scheduler + cinder-volume with filedriver.py (sparse files
#   as volumes), so real volume create / backup-create / backup-restore work too.
#   KEYSTONE_DIR=KSDIR (a Keystone started by ../keystone/start.sh KSDIR): auth_strategy =
#   keystone (keystonemiddleware validates each X-Auth-Token as user cinder), on the port of
#   KSDIR/cinder_port, the one its volumev3 catalog entry points at.  Stop this Cinder before
#   that Keystone (../keystone/stop.sh KSDIR DIR does both).  Without it: noauth
#   (X-Auth-Token "USER:PROJECT", every caller admin), on a free port.
# Prints the endpoint (http://127.0.0.1:PORT/v3) on stdout; everything else goes to stderr.
# Writes DIR/env (source it for the cinder CLI; with KEYSTONE_DIR it sources KSDIR/env-admin),
# DIR/db.env + DIR/sql (Cinder's database), DIR/daemons.sh (starts the cinder daemons, waits
# until ready; reset-db.sh reruns it) and DIR/pids (used by stop.sh DIR).  Started again on a
# stopped DIR, it keeps the database.
set -euo pipefail
DIR=$(mkdir -p "${1:?usage: start.sh DIR [WORKERS]}" && cd "$1" && pwd)
PY=/usr/bin/python3            # Debian's python: the one that has python3-cinder
HERE=$(cd "$(dirname "$0")" && pwd); WITH_VOLUME=${WITH_VOLUME:-}; WORKERS=${2:-1}
KSDIR=; if [ -n "${KEYSTONE_DIR:-}" ]; then
  KSDIR=$(cd "$KEYSTONE_DIR" && pwd)
  . "$KSDIR/keystone.env"      # KEYSTONE_URL, CINDER_PORT, CINDER_PASSWORD (written by ../keystone/start.sh)
fi
log() { echo "[cinder] $*" >&2; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
free_port() { $PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_for() { # wait_for SECONDS CMD... : poll until CMD succeeds
  local end=$(( $(date +%s) + $1 )); shift
  until "$@" 2>/dev/null; do [ "$(date +%s)" -lt $end ] || return 1; sleep 0.2; done; }
. "$HERE/db.sh"                # CINDER_DB; db_pkgs db_installed db_config db_start db_sync

# --- 1. packages ----------------------------------------------------------------
# cinder-api/cinder-backup bring /usr/bin/cinder-*, /etc/cinder/api-paste.ini and
# python3-cinder; rabbitmq-server is the RPC broker the two daemons talk through;
# postgresql + python3-psycopg2 the database (sqlite3 with CINDER_DB=sqlite).
T=$(date +%s%N)
PKGS="cinder-api cinder-backup rabbitmq-server python3-cinderclient curl $(db_pkgs)"
[ -z "$KSDIR" ] || PKGS="$PKGS python3-keystonemiddleware"
# volume mode: scheduler; dmidecode because os-brick (Zed) crashes with FileNotFoundError
# when it is missing (connector properties -> get_system_uuid). No cinder-volume package:
# it would pull lvm2/qemu-utils; python3-cinder already has cinder.cmd.volume.
[ -z "$WITH_VOLUME" ] || PKGS="$PKGS cinder-scheduler dmidecode"
if [ -n "$WITH_VOLUME" ] && { ! [ -x /usr/bin/cinder-scheduler ] || ! [ -x /usr/sbin/dmidecode ]; }; then NEED=1; else NEED=; fi
if [ -n "$KSDIR" ] && ! $PY -c 'import keystonemiddleware.auth_token' 2>/dev/null; then NEED=1; fi
if [ -n "$NEED" ] || ! db_installed || ! [ -x /usr/bin/cinder-api ] || ! [ -x /usr/bin/cinder-backup ] || ! [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || ! [ -x /usr/bin/cinder ]; then
  # No init system here: make sure package postinsts do not start system-wide daemons
  # (postgresql's creates a cluster "main" and would start it).
  RC_ADDED=; [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; RC_ADDED=1; }
  apt-get -o DPkg::Lock::Timeout=900 update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends \
    $PKGS >&2
  [ -z "$RC_ADDED" ] || rm -f /usr/sbin/policy-rc.d
  log "packages installed in $(ms $T) ms"
fi

# --- 2. ports, dirs, configs ------------------------------------------------------
if [ -n "$KSDIR" ]; then
  PORT=$(cat "$KSDIR/cinder_port")
  # (else the readiness probe below could be answered by whatever holds it, e.g. a Cinder not stopped)
  ! (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || { log "port $PORT (from $KSDIR/cinder_port) is in use"; exit 1; }
else PORT=$(free_port); fi
AMQP=$(free_port); DIST=$(free_port); EPMD=$(free_port)
mkdir -p "$DIR"/{log,state,lock,backups,rabbit/mnesia,rabbit/log}
: > "$DIR/pids"
db_config "$DIR"               # -> CINDER_DB_URL (PostgreSQL: a free port), DIR/db.env, DIR/sql
cat > "$DIR/rabbit/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$AMQP
EOF
echo '[].' > "$DIR/rabbit/enabled_plugins"      # no management plugin

if [ -n "$KSDIR" ]; then
  AUTH='# api-paste.ini pipeline "keystone": ... authtoken keystonecontext apiv3
auth_strategy = keystone'
else
  AUTH='# no Keystone: token "USER:PROJECT" in X-Auth-Token, every caller is admin
auth_strategy = noauth'
fi
cat > "$DIR/cinder.conf" <<EOF
[DEFAULT]
$AUTH
transport_url = rabbit://guest:guest@127.0.0.1:$AMQP/
api_paste_config = /etc/cinder/api-paste.ini
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = $PORT
osapi_volume_workers = $WORKERS
my_ip = 127.0.0.1
state_path = $DIR/state
# "host" of the backup service; import_record overwrites the record's host with it
host = backuphost1
storage_availability_zone = nova
enabled_backends =
# record's backup_service must be a prefix of this (e.g. ...posix or ...posix.PosixBackupDriver)
backup_driver = cinder.backup.drivers.posix.PosixBackupDriver
backup_posix_path = $DIR/backups
# no limit on backups (count, GB) per project: Cinder's defaults are 10 and 1000, and the tests
# import ~200 backups into one project (the 11th import_record would answer 413)
quota_backups = -1
quota_backup_gigabytes = -1
[database]
connection = $CINDER_DB_URL
# < PostgreSQL's idle_session_timeout (60 s, see db.sh): pooled connections get replaced before
# the server closes them (no "found disconnected; reconnecting" errors after a pause)
connection_recycle_time = 50
[oslo_concurrency]
lock_path = $DIR/lock
[coordination]
backend_url = file://$DIR/lock
EOF
if [ -n "$KSDIR" ]; then
  cat >> "$DIR/cinder.conf" <<EOF
[keystone_authtoken]
# keystonemiddleware: validates each X-Auth-Token with GET $KEYSTONE_URL/v3/auth/tokens using
# its own token (user cinder, role "service" in project service -> identity:validate_token)
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
username = cinder
password = $CINDER_PASSWORD
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne
# no memcached: keystonemiddleware caches validated tokens in-process (token_cache_time 300 s)
EOF
fi
if [ -n "$WITH_VOLUME" ]; then
  sed -i "s|^enabled_backends =\$|enabled_backends = file1\nbackup_compression_algorithm = none|" "$DIR/cinder.conf"
  printf '[file1]\nvolume_driver = filedriver.FileVolumeDriver\nvolume_backend_name = file1\n' >> "$DIR/cinder.conf"
fi

# --- 3. RabbitMQ with its own epmd, all on 127.0.0.1 (it boots while step 4 runs) ----------
T0=$(date +%s%N)
setsid /usr/bin/epmd -address 127.0.0.1 -port "$EPMD" > "$DIR/log/epmd.log" 2>&1 &
echo "epmd $!" >> "$DIR/pids"
( export HOME=$DIR/rabbit ERL_EPMD_PORT=$EPMD ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_NODENAME=cinder$AMQP@localhost RABBITMQ_BASE=$DIR/rabbit \
    RABBITMQ_CONFIG_FILE=$DIR/rabbit/rabbitmq.conf RABBITMQ_ENABLED_PLUGINS_FILE=$DIR/rabbit/enabled_plugins \
    RABBITMQ_MNESIA_BASE=$DIR/rabbit/mnesia RABBITMQ_LOG_BASE=$DIR/rabbit/log \
    RABBITMQ_PID_FILE=$DIR/rabbit/beam.pid RABBITMQ_DIST_PORT=$DIST \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  exec setsid /usr/lib/rabbitmq/bin/rabbitmq-server > "$DIR/log/rabbitmq.log" 2>&1 ) &
echo "rabbitmq $!" >> "$DIR/pids"

# --- 4. database: server (PostgreSQL; initdb on first use), role + database, db sync ----
T=$(date +%s%N)
db_start "$DIR"                # records "postgres PID" in DIR/pids
db_sync "$DIR"
log "database ($CINDER_DB) + db sync in $(ms $T) ms"
wait_for 60 bash -c "echo > /dev/tcp/127.0.0.1/$AMQP" || { log "rabbitmq did not start; see $DIR/log/rabbitmq.log"; exit 1; }
log "rabbitmq up on 127.0.0.1:$AMQP in $(ms $T0) ms"

# --- 5. cinder daemons: DIR/daemons.sh starts them (PIDs appended to DIR/pids) and waits
# until the API answers and cinder-backup (+ scheduler, volume) report "up" (import needs
# backup).  reset-db.sh runs it again.
EP=http://127.0.0.1:$PORT/v3
{ printf '#!/bin/bash\n# Written by scripts/cinder/start.sh: start the cinder daemons of DIR, wait until ready.\n'
  printf 'set -euo pipefail\nDIR=%q; HERE=%q; WITH_VOLUME=%q; EP=%q; KSDIR=%q\n' "$DIR" "$HERE" "$WITH_VOLUME" "$EP" "$KSDIR"
  cat <<'EOF'
log() { echo "[cinder] $*" >&2; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
wait_for() { local end=$(( $(date +%s) + $1 )); shift
  until "$@" 2>/dev/null; do [ "$(date +%s)" -lt $end ] || return 1; sleep 0.2; done; }
T=$(date +%s%N); cd "$DIR"
setsid /usr/bin/cinder-backup --config-file "$DIR/cinder.conf" --log-file "$DIR/log/backup.log" >> "$DIR/log/backup.out" 2>&1 &
echo "cinder-backup $!" >> "$DIR/pids"
setsid /usr/bin/cinder-api --config-file "$DIR/cinder.conf" --log-file "$DIR/log/api.log" >> "$DIR/log/api.out" 2>&1 &
echo "cinder-api $!" >> "$DIR/pids"
NSVC=1
if [ -n "$WITH_VOLUME" ]; then
  NSVC=3; mkdir -p "$DIR/bin"
  printf '#!/usr/bin/python3\nimport sys\nfrom cinder.cmd.volume import main\nsys.exit(main())\n' > "$DIR/bin/cinder-volume"
  chmod +x "$DIR/bin/cinder-volume"
  setsid /usr/bin/cinder-scheduler --config-file "$DIR/cinder.conf" --log-file "$DIR/log/scheduler.log" >> "$DIR/log/scheduler.out" 2>&1 &
  echo "cinder-scheduler $!" >> "$DIR/pids"
  PYTHONPATH=$HERE setsid "$DIR/bin/cinder-volume" --config-file "$DIR/cinder.conf" --log-file "$DIR/log/volume.log" >> "$DIR/log/volume.out" 2>&1 &
  echo "cinder-volume $!" >> "$DIR/pids"
fi
# (os-services is admin-only; at >= 3.49 it would RPC the scheduler)
if [ -z "$KSDIR" ]; then
  # noauth: project ids in URLs must match [0-9a-f-]+
  PRJ=a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1; TOK=admin:$PRJ; new_token() { :; }
else
  # Keystone: a real admin token, scoped to project admin (a new one when Cinder answers 401:
  # with a short [token] expiration it can expire while the daemons start)
  . "$KSDIR/keystone.env"; . "$KSDIR/secrets"
  PRJ=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["projects"]["admin"])' "$KSDIR/ids.json")
  TOKJSON='{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},"password":"'$ADMIN_PASSWORD'"}}},"scope":{"project":{"name":"admin","domain":{"id":"default"}}}}}'
  new_token() { TOK=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' -d "$TOKJSON" "$KEYSTONE_URL/v3/auth/tokens" | awk -F': ' 'tolower($1)=="x-subject-token" {print $2}' | tr -d '\r'); }
  new_token; [ -n "$TOK" ] || { log "no admin token from $KEYSTONE_URL"; exit 1; }
fi
backup_up() {
  local out; out=$(curl -s -w '\n%{http_code}' -H "X-Auth-Token: $TOK" "$EP/$PRJ/os-services") || return 1
  [ "${out##*$'\n'}" != 401 ] || { new_token; return 1; }
  [ "$(grep -o '"state": "up"' <<< "$out" | wc -l)" -ge $NSVC ]; }
wait_for 90 backup_up || { log "cinder not ready; see $DIR/log/*.log"; exit 1; }
log "cinder services ready ($NSVC up) in $(ms $T) ms"
EOF
} > "$DIR/daemons.sh"
chmod +x "$DIR/daemons.sh"
"$DIR/daemons.sh"

if [ -n "$KSDIR" ]; then
  # Keystone admin password auth; the CLIs find Cinder through the catalog.
  # (a tenant member: . KSDIR/env-member-tenant1; the application credential: . KSDIR/env-appcred)
  printf '. %q/env-admin\nexport CINDER_KSDIR=%q\n' "$KSDIR" "$KSDIR" > "$DIR/env"
else cat > "$DIR/env" <<EOF
export OS_AUTH_TYPE=noauth OS_USER_ID=\${OS_USER_ID:-f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0} OS_PROJECT_ID=\${OS_PROJECT_ID:-a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1}
export CINDER_ENDPOINT=$EP OS_VOLUME_API_VERSION=\${OS_VOLUME_API_VERSION:-3.64}
unset OS_AUTH_URL OS_USERNAME OS_PASSWORD OS_TOKEN OS_CLOUD
EOF
fi
echo "$EP"
