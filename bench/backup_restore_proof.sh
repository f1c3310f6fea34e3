#!/usr/bin/env bash
# Proves that a backup restores: load the demo data into a fresh PostgreSQL
# database, back it up with deploy/backup.sh, drop the database, restore it with
# deploy/restore.sh, compare every table's row count and checksum, and check
# that the app serves the restored data.
#
#   bash bench/backup_restore_proof.sh        (PostgreSQL on 127.0.0.1:5432, user postgres)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PG="postgres://postgres@127.0.0.1:5432"
db="sanshe_backup_proof_$$"
work=$(mktemp -d)
port=$((18000 + $$ % 1000))
export DATABASE_URL="$PG/$db" DEBUG=1 MEDIA_ROOT="$work/media" PRIVATE_MEDIA_ROOT="$work/private"

admin() { "$PY" - "$@" <<'PY'
import sys, psycopg
with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
    for statement in sys.argv[1:]:
        c.execute(statement)
PY
}
cleanup() {
    [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
    admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "== load: migrate and the demo data into $db"
admin "CREATE DATABASE $db"
"$PY" manage.py migrate --no-input -v0
"$PY" manage.py load_demo >/dev/null
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT/exports"
echo "a private file" > "$PRIVATE_MEDIA_ROOT/exports/proof.txt"
"$PY" manage.py table_checksums > "$work/before.tsv"

echo "== back up"
t0=$(date +%s.%N)
backup=$(bash deploy/backup.sh "$work/backups")
t1=$(date +%s.%N)
du -sh "$backup"/* | sed 's/^/   /'

echo "== drop the database and the files"
admin "DROP DATABASE $db WITH (FORCE)"
rm -rf "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"

echo "== restore into a new, empty database"
admin "CREATE DATABASE $db"
t2=$(date +%s.%N)
bash deploy/restore.sh "$backup" >/dev/null
t3=$(date +%s.%N)
"$PY" manage.py table_checksums > "$work/after.tsv"

echo "== compare"
tables=$(wc -l < "$work/before.tsv")
rows=$(awk -F'\t' '{s += $2} END {print s}' "$work/before.tsv")
if diff -u "$work/before.tsv" "$work/after.tsv"; then
    echo "   $tables tables, $rows rows: every row count and checksum equal"
else
    echo "   MISMATCH after restore" >&2
    exit 1
fi
test "$(cat "$PRIVATE_MEDIA_ROOT/exports/proof.txt")" = "a private file"
echo "   private files restored"
"$PY" manage.py migrate --check --no-input -v0 && echo "   no migration pending"

echo "== the app serves the restored data"
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$port" --workers 1 --log-level warning &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/healthz"
curl -fs "http://127.0.0.1:$port/" | grep -q "九龙社工中心" && echo "   home page lists 九龙社工中心"

awk -v b="$(echo "$t1 $t0")" -v r="$(echo "$t3 $t2")" 'BEGIN {
    split(b, x, " "); split(r, y, " ");
    printf "== times: backup %.1f s, restore %.1f s\n", x[1] - x[2], y[1] - y[2] }'
echo "PROOF OK"
