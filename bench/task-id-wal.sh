#!/usr/bin/env bash
# What a task id's kind costs PostgreSQL: 5,000 submissions inserted into report_tasks (every migration applied,
# 20,000 finished tasks already there) right after a checkpoint, in inserts of 100, once with random ids (version 4,
# gen_random_uuid, as until session 27) and once with time-ordered ones (version 7, as TaskIds makes them); the WAL
# written per task and the primary key's pages. A random key dirties a random page of the key's index, whose first
# change after a checkpoint writes the whole page to the WAL; a time-ordered one lands on the index's last page.
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust); creates and drops aliaport_bench_taskids.
# Usage: bench/task-id-wal.sh [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
PG=(-h 127.0.0.1 -U postgres)
DB=aliaport_bench_taskids
source bench/lib/fresh-db.sh
fresh_db
echo "machine: $(nproc) cores, PostgreSQL $(psql -Atc 'show server_version' "${PG[@]}" -d "$DB"), full_page_writes $(psql -Atc 'show full_page_writes' "${PG[@]}" -d "$DB")"
for run in $(seq "$RUNS"); do
  for idfn in gen_random_uuid v7; do
    out=$(psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -v idfn="$idfn" -At -F ' ' -f bench/sql/task-id-wal.sql)
    echo "run $run: $(awk '{ printf "%-16s %5d WAL bytes a task, primary key %d pages", $1 ":", $2, $3 }' <<<"$out")"
  done
done
