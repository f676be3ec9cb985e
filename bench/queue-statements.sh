#!/usr/bin/env bash
# The single round trip's PostgreSQL statements alone, from pgbench (C, no JVM, no Redis), one task at a time on one
# connection: the submission inserted already claimed (rate limit, task row, attempt row; synchronous commit), its
# SUCCESS closing the attempt (synchronous commit), and the waiter's read, as ReportTaskAdmissions and
# ReportTaskRepository run them for one task (bench/sql/queue-round-trip.sql mirrors their texts); then the same
# row written with a plain INSERT and UPDATE (bench/sql/queue-round-trip-plain.sql): what the rate limit, the
# attempt history and the statements' batch form cost a lone request. On a table of 20,000 finished tasks, with
# every migration applied; each task's requester is drawn from 1,000,000, so that none reaches the rate limit (10 a
# minute) and every submission is inserted. docs/benchmarks.md, "Report queue", session 14.
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust) and pgbench; creates and drops aliaport_bench_qstatements.
# Usage: bench/queue-statements.sh [seconds per script=10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-10}
PG=(-h 127.0.0.1 -U postgres)
DB=aliaport_bench_qstatements
PGBENCH=$(command -v pgbench || find /usr/lib/postgresql -path '*/bin/pgbench' | sort -V | tail -1)
export PGOPTIONS='--client-min-messages=warning' # no NOTICE for a database that is not there to drop
dropdb "${PG[@]}" --if-exists "$DB"
createdb "${PG[@]}" "$DB"
floor=$(mktemp)
trap 'dropdb "${PG[@]}" --if-exists "$DB"; rm -f "$floor"' EXIT
while read -r f; do
  psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -f "$f" >/dev/null
done < <(printf '%s\n' app-core/src/main/resources/db/migration/V*.sql | sort -V)
psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -c "INSERT INTO report_tasks (id, task_type, requested_by, state, created_at, finished_at)
    SELECT gen_random_uuid(), 'no-file', 'user-' || (g % 10000), 'SUCCESS', now() - g * interval '10 ms', now()
    FROM generate_series(1, 20000) g" -c "ANALYZE report_tasks"
echo "machine: $(nproc) cores, PostgreSQL $(psql -Atc 'show server_version' "${PG[@]}" -d "$DB"), synchronous_commit $(psql -Atc 'show synchronous_commit' "${PG[@]}" -d "$DB"); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo 'SELECT 1;' > "$floor"
per_statement() { # label, script
  "$PGBENCH" "${PG[@]}" -n -M prepared -c 1 -T "$SECONDS_PER_RUN" -r -f "$2" "$DB" 2>&1 | awk -v label="$1" '
    /^latency average/ { total = $4 }
    /^ +[0-9]+\.[0-9]+ / && !/\\set/ { ms[++n] = $1 }
    END {
      if (n != 1 && n != 3) { printf "%s: pgbench gave %d statement latencies, not 1 or 3\n", label, n > "/dev/stderr"; exit 1 }
      if (n == 1) { printf "%s: %.3f ms\n", label, ms[1]; exit }
      printf "%s: submission %.3f ms, SUCCESS %.3f ms, read %.3f ms; %.3f ms a round trip\n", label, ms[1], ms[2], ms[3], total
    }'
}
per_statement "a round trip's floor (SELECT 1)" "$floor"
per_statement "ours, as the queue runs them" bench/sql/queue-round-trip.sql
per_statement "the same row, plain INSERT and UPDATE" bench/sql/queue-round-trip-plain.sql
