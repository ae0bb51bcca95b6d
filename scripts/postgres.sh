#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, owned by whoever runs it (the tests, a benchmark):
#   scripts/postgres.sh start DIR [PORT] [--durable]   prints the connection string (no database)
#   scripts/postgres.sh stop DIR                        stops it and removes DIR
# Tests run it without fsync (a crash loses a throwaway cluster, nothing else); a benchmark that
# wants a server's real cost of committing passes --durable.
set -euo pipefail

command=${1:?start or stop}
dir=${2:?the directory of the cluster}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$command" in
  start)
    port=${3:-55432}
    durable=${4:-}
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U portal -A trust -E UTF8 --no-sync >"$dir/initdb.log"
    settings="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=400"
    [ "$durable" = "--durable" ] || settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "$bin/pg_ctl" -D "$dir/data" -o "$settings" -l "$dir/server.log" -w start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=portal"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR [PORT] [--durable] | stop DIR" >&2; exit 2 ;;
esac
