#!/bin/bash
# The drill of a lost Cinder database: stops the cinder daemons of DIR (started by start.sh), drops
# and recreates Cinder's database (a fresh `cinder-manage db sync`), and starts the same daemons
# again on the same ports (DIR/daemons.sh), waiting until they answer. RabbitMQ, the PostgreSQL
# server and the backup files (DIR/backups) stay, so import_record brings the backups back, as after
# a real loss. Adapted from the workplace's reference scripts (realcinder/reset-db.sh).
#
# Usage: reset-db.sh DIR   (DIR of start.sh, noauth or KEYSTONE_DIR mode: daemons.sh holds the probe)
set -euo pipefail
DIR=$(cd "${1:?usage: reset-db.sh DIR}" && pwd); HERE=$(cd "$(dirname "$0")" && pwd)
log() { echo "[cinder] $*" >&2; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
for f in pids db.env daemons.sh cinder.conf; do
  [ -e "$DIR/$f" ] || { log "no $DIR/$f: $DIR is not a Cinder started by start.sh"; exit 1; }
done
. "$HERE/db.sh"
T0=$(date +%s%N)
"$HERE/stop.sh" "$DIR" cinder
T=$(date +%s%N)
db_recreate "$DIR"
db_sync "$DIR"
log "database dropped, recreated and synced in $(ms $T) ms"
"$DIR/daemons.sh"
log "reset-db done in $(ms $T0) ms"
