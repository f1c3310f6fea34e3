#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the (new, empty) database that
# DATABASE_URL names, and put the files back where they were.
#
#   systemctl stop sanshe-web sanshe-worker
#   sudo -u postgres createdb --owner sanshe sanshe      # an empty database
#   sudo -u sanshe bash -c "set -a; . /etc/sanshe/sanshe.env; deploy/restore.sh /var/backups/sanshe/20261128-020000"
#   systemctl start sanshe-web sanshe-worker
set -euo pipefail

backup="${1:?usage: restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL is not set}"

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "$backup/database.dump"
tar --extract --gzip --file="$backup/files.tar.gz" --absolute-names
echo "restored $backup"
