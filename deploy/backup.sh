#!/usr/bin/env bash
# Take a consistent backup of Sanshe: the PostgreSQL database (pg_dump takes one
# snapshot, so the dump is consistent while the site keeps running), then the
# uploaded and private files.
#
#   sudo -u sanshe bash -c "set -a; . /etc/sanshe/sanshe.env; deploy/backup.sh /var/backups/sanshe"
#
# Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT from the environment.
# Writes DEST/<timestamp>/{database.dump,files.tar.gz,SHA256SUMS} and prints the directory.
set -euo pipefail

dest="${1:?usage: backup.sh DEST_DIR}"
: "${DATABASE_URL:?DATABASE_URL is not set}"
media="${MEDIA_ROOT:-media}"
private="${PRIVATE_MEDIA_ROOT:-private}"

out="$dest/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
chmod 700 "$out"

pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$out/database.dump"

# Files after the dump: a file uploaded meanwhile is kept without its row, never
# a row without its file.
files=()
for dir in "$media" "$private"; do
    [ -d "$dir" ] && files+=("$(realpath "$dir")")
done
if [ ${#files[@]} -gt 0 ]; then
    tar --create --gzip --file="$out/files.tar.gz" --absolute-names "${files[@]}"
else
    tar --create --gzip --file="$out/files.tar.gz" --files-from=/dev/null
fi

(cd "$out" && sha256sum database.dump files.tar.gz > SHA256SUMS)
echo "$out"
