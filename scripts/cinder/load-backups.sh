#!/bin/bash
# Replace every backup in the Cinder of DIR (started by start.sh) with the rows of CSV, through its
# database: a benchmark fills Cinder with exactly the backups the portal holds, in seconds (COPY),
# where 300,000 import_record calls would take hours. Cinder then lists and shows them as any other.
#
# Usage: load-backups.sh DIR CSV
# CSV: a header line, then these columns in this order (PostgreSQL's CSV format: an unquoted empty
# field is NULL, a quoted empty field "" is the empty string; timestamps UTC without a zone, e.g.
# 2023-01-01T00:00:00.000000):
#   id,user_id,project_id,volume_id,host,availability_zone,display_name,display_description,
#   container,status,fail_reason,service_metadata,service,size,object_count,parent_id,
#   num_dependent_backups,created_at,updated_at,data_timestamp,snapshot_id,encryption_key_id
# Cinder's other columns take their defaults (deleted = false). The table is analysed afterwards,
# as autovacuum would soon do on a real deployment, so Cinder is measured with statistics.
set -euo pipefail
DIR=$(cd "${1:?usage: load-backups.sh DIR CSV}" && pwd); CSV=$(realpath "${2:?usage: load-backups.sh DIR CSV}")
COLUMNS="id,user_id,project_id,volume_id,host,availability_zone,display_name,display_description,container,status,fail_reason,service_metadata,service,size,object_count,parent_id,num_dependent_backups,created_at,updated_at,data_timestamp,snapshot_id,encryption_key_id"
[ "$(head -n 1 "$CSV")" = "$COLUMNS" ] || { echo "load-backups.sh: $CSV must start with the header line $COLUMNS" >&2; exit 2; }
# psql's \copy reads the file as this user (the server, running as postgres, may not reach DIR).
"$DIR/sql" <<SQL
BEGIN;
TRUNCATE backup_metadata, backups;
\\copy backups ($COLUMNS, deleted) FROM PROGRAM 'sed -e "1d" -e "s/\$/,false/" "$CSV"' WITH (FORMAT csv)
COMMIT;
ANALYZE backups;
SQL
echo "[cinder] loaded $(( $(wc -l < "$CSV") - 1 )) backups into $DIR" >&2
