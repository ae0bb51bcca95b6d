# Cinder's database, for start.sh and load-backups.sh (sourced;
# the caller defines log and free_port).
#   CINDER_DB=postgresql (default): a throwaway PostgreSQL cluster in DIR/pg, run as user postgres
#     (it refuses root) with pg_ctl, TCP on a free 127.0.0.1 port only (no unix socket), trust
#     auth, fsync off; role + database "cinder".  An existing DIR/pg is reused (data kept).
#   CINDER_DB=sqlite: DIR/cinder.sqlite (WAL).  Small, but cinder-api and cinder-backup writing
#     at once fail with "database is locked": HTTP 500s, imports left in "creating".
# DIR/db.env (sourceable, nothing exported) says which: CINDER_DB, CINDER_DB_URL and, for
# PostgreSQL, PGBIN PGDATA PGHOST PGPORT PGUSER PGDATABASE.  DIR/sql ["SQL"] runs SQL (or stdin)
# on it as its owner, output like sqlite3's (a|b per row).
CINDER_DB=${CINDER_DB:-postgresql}
for v in $(compgen -e); do case $v in PG*) unset "$v";; esac; done   # e.g. a PGSSLMODE=require
pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
db_pkgs() { if [ "$CINDER_DB" = sqlite ]; then echo sqlite3; else echo postgresql python3-psycopg2; fi; }
db_installed() {
  if [ "$CINDER_DB" = sqlite ]; then [ -x /usr/bin/sqlite3 ]
  else [ -x "$(pgbin)/pg_ctl" ] && /usr/bin/python3 -c 'import psycopg2' 2>/dev/null; fi; }

db_config() {  # DIR: choose the database (+ port), write DIR/db.env and DIR/sql, set CINDER_DB_URL
  local d=$1
  case $CINDER_DB in
    postgresql)
      PGBIN=$(pgbin); PGDATA=$d/pg; PGHOST=127.0.0.1; PGPORT=$(free_port); PGUSER=cinder; PGDATABASE=cinder
      CINDER_DB_URL=postgresql+psycopg2://$PGUSER@$PGHOST:$PGPORT/$PGDATABASE
      printf 'CINDER_DB=postgresql CINDER_DB_URL=%q\nPGBIN=%q PGDATA=%q PGHOST=%q PGPORT=%q PGUSER=%q PGDATABASE=%q\n' \
        "$CINDER_DB_URL" "$PGBIN" "$PGDATA" "$PGHOST" "$PGPORT" "$PGUSER" "$PGDATABASE" > "$d/db.env" ;;
    sqlite)
      CINDER_DB_URL=sqlite:///$d/cinder.sqlite
      printf 'CINDER_DB=sqlite CINDER_DB_URL=%q SQLITE=%q\n' "$CINDER_DB_URL" "$d/cinder.sqlite" > "$d/db.env" ;;
    *) log "CINDER_DB must be postgresql or sqlite, not '$CINDER_DB'"; return 1 ;;
  esac
  cat > "$d/sql" <<'EOF'
#!/bin/bash
# DIR/sql ["SQL"]: run SQL (argument or stdin) on this Cinder's database (see DIR/db.env).
for v in $(compgen -e); do case $v in PG*) unset "$v";; esac; done; . "$(dirname "$0")/db.env"
[ "$CINDER_DB" = sqlite ] && exec sqlite3 "$SQLITE" "$@"
exec "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$PGDATABASE" ${1:+-c} ${1:+"$1"}
EOF
  chmod +x "$d/sql"
}

pg_admin() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres "$@"; }

db_start() {  # DIR: start the database server (PostgreSQL), record it in DIR/pids as "postgres PID"
  local d=$1 new= p
  [ "$CINDER_DB" = postgresql ] || return 0
  # The server runs as postgres, which must reach DIR/pg and DIR/log: a `mktemp -d` parent is 0700.
  if ! runuser -u postgres -- test -x "$d/log"; then
    local parts c; IFS=/ read -ra parts <<< "${d#/}/log"; p=
    for c in "${parts[@]}"; do p=$p/$c
      runuser -u postgres -- test -x "$p" || { chmod o+x "$p"; log "chmod o+x $p (search only) for user postgres"; }
    done
  fi
  if ! [ -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"; chown postgres: "$PGDATA"; chmod 700 "$PGDATA"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres -E UTF8 --no-locale -N \
      > "$d/log/initdb.log" 2>&1 || { log "initdb failed; see $d/log/initdb.log"; return 1; }
    cat >> "$PGDATA/postgresql.conf" <<'EOF'
# --- realcinder (port: pg_ctl -o "-p N", a free one per start) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''     # TCP only: a socket path under DIR can pass the 107-byte limit
max_connections = 300            # each cinder process: pool of 5 + 50 overflow connections
shared_buffers = 16MB
fsync = off                      # throwaway test data: no durability wanted
synchronous_commit = off
full_page_writes = off
# Cinder leaks idle connections (cinder.db.base.Base.__init__ disposes the engine for every
# driver/manager object it builds, e.g. once per import_record in cinder-backup; connections
# checked out then stay open in the orphaned pool): the server closes them after 60 s idle;
# cinder.conf's connection_recycle_time = 50 replaces the live pool's before that happens.
idle_session_timeout = '60s'
EOF
    new=1
  fi
  touch "$d/log/postgresql.log"; chown postgres: "$d/log/postgresql.log"
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$d/log/postgresql.log" -o "-p $PGPORT" -w -t 60 start \
    > /dev/null || { log "postgresql did not start; see $d/log/postgresql.log"; return 1; }
  echo "postgres $(head -n 1 "$PGDATA/postmaster.pid")" >> "$d/pids"
  [ -z "$new" ] || pg_admin -c "CREATE ROLE $PGUSER LOGIN" -c "CREATE DATABASE $PGDATABASE OWNER $PGUSER"
}

db_sync() {  # DIR: create/upgrade Cinder's tables
  local d=$1
  /usr/bin/cinder-manage --config-file "$d/cinder.conf" db sync >> "$d/log/dbsync.log" 2>&1 \
    || { log "db sync failed; see $d/log/dbsync.log"; return 1; }
  # SQLite: cinder-api and cinder-backup both write the file; WAL makes "database is locked"
  # rarer (readers no longer block the writer), not rare enough.
  [ "$CINDER_DB" != sqlite ] || /usr/bin/python3 -c \
    'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("pragma journal_mode=WAL")' "$d/cinder.sqlite"
}

db_recreate() {  # DIR: an empty database again (reset-db.sh; the cinder daemons must be stopped)
  local d=$1
  . "$d/db.env"
  if [ "$CINDER_DB" = sqlite ]; then rm -f "$SQLITE" "$SQLITE-wal" "$SQLITE-shm"
  else pg_admin -c "DROP DATABASE IF EXISTS $PGDATABASE WITH (FORCE)" -c "CREATE DATABASE $PGDATABASE OWNER $PGUSER"; fi
}
