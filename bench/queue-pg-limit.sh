#!/usr/bin/env bash
# The report queue's PostgreSQL path alone, from pgbench (C, no JVM, no Redis, no files): per task the three
# durable statements a task costs — submission INSERT (synchronous commit), claim with its attempt row
# (asynchronous commit), SUCCESS closing the attempt (synchronous commit) — one task at a time, as
# ReportTaskRepository ran them before it group-committed submissions and results (bench/sql/queue-task-path.sql
# mirrors those single-task texts). The ceiling of a queue that commits every task on its own: why ours groups
# them (docs/benchmarks.md, "Report queue").
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust) and pgbench; creates and drops aliaport_bench_qlimit.
# Usage: bench/queue-pg-limit.sh [seconds per run=10] [client counts="1 2 4 8"]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-10}; CLIENTS=${2:-"1 2 4 8"}
PG="-h 127.0.0.1 -U postgres"
DB=aliaport_bench_qlimit
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | tail -1)
dropdb $PG --if-exists "$DB"
createdb $PG "$DB"
trap 'dropdb $PG --if-exists "$DB"' EXIT
for f in app-core/src/main/resources/db/migration/V1__*.sql app-core/src/main/resources/db/migration/V40__*.sql; do
  psql -q $PG -d "$DB" -f "$f"
done
echo "machine: $(nproc) cores, $(psql -Atc 'show server_version' $PG -d "$DB"), max_wal_size $(psql -Atc 'show max_wal_size' $PG -d "$DB"); load $(cut -d' ' -f1-3 /proc/loadavg)"
for c in $CLIENTS; do
  "$PGBENCH" $PG -n -M prepared -c "$c" -j "$(( c < 2 ? c : 2 ))" -T "$SECONDS_PER_RUN" -f bench/sql/queue-task-path.sql "$DB" 2>&1 \
    | awk -v c="$c" '/^latency average/{lat=$4} /^tps/{tps=$3} END{printf "pgbench, %d client(s): %.0f tasks/s, %.2f ms per task\n", c, tps, lat}'
done
