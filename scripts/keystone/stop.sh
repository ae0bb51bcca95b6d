#!/bin/bash
# Stop what start.sh DIR started (the project's own launcher of a REAL Keystone: uwsgi master +
# worker, or the wsgiref server), by the PIDs recorded in DIR/pids: TERM, up to 15 s grace, then
# KILL them and their children.  The database and keys in DIR stay (start.sh DIR reuses them).
# With CINDERDIR (a Cinder started with KEYSTONE_DIR=DIR ../cinder/start.sh CINDERDIR), first
# stop that Cinder + PostgreSQL + RabbitMQ with ../cinder/stop.sh CINDERDIR (cinder-api would
# otherwise keep retrying Keystone).  Adapted from the workplace's reference scripts.
# Usage: stop.sh DIR [CINDERDIR]
DIR=${1:?usage: stop.sh DIR [CINDERDIR]}
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -n "${2:-}" ]; then "$HERE/../cinder/stop.sh" "$2" || true; fi
[ -f "$DIR/pids" ] || { echo "no $DIR/pids" >&2; exit 1; }
alive() { kill -0 "$1" 2>/dev/null; }
kids() { for p in "$@"; do ps -o pid= --ppid "$p"; done 2>/dev/null; }
PIDS=$(awk '{print $2}' "$DIR/pids")
if [ -n "$PIDS" ]; then
  ALL="$PIDS $(kids $PIDS)"        # uwsgi workers are the master's children
  kill -TERM $PIDS 2>/dev/null
  for _ in $(seq 1 75); do
    left=; for p in $ALL; do alive "$p" && left=1; done; [ -n "$left" ] || break; sleep 0.2
  done
  for p in $ALL; do alive "$p" && { echo "killing $p: $(ps -o args= -p "$p" | cut -c1-60)" >&2; kill -KILL "$p"; }; done
fi
while read -r name pid; do echo "stopped $name ($pid)" >&2; done < "$DIR/pids"
rm -f "$DIR/pids"
