#!/usr/bin/env bash
# The single round trip's PostgreSQL statements alone, from pgbench (C, no JVM, no Redis), one task at a time on one
# connection: the submission inserted already claimed (rate limit, task row, attempt row; synchronous commit), its
# SUCCESS closing the attempt (synchronous commit), and the waiter's read, as ReportTaskAdmissions and
# ReportTaskRepository run them for one task (bench/sql/queue-round-trip.sql mirrors their texts); then the same
# row written with a plain INSERT and UPDATE (bench/sql/queue-round-trip-plain.sql): what the rate limit, the
# attempt history and the statements' batch form cost a lone request. On a table of 20,000 finished tasks, with
# every migration applied; each task's requester is drawn from 1,000,000, so that none reaches the rate limit (10 a
# minute) and every submission is inserted. Then a held submission's statements (bench/sql/queue-round-trip-held.sql):
# the requester's rate read, then the task inserted as it ended with its attempt closed (one commit). Last, db-scheduler 16.12's statements for one task as its single round trip
# in DbSchedulerBench runs them (schedule: a read of the instance, then its insert; lock-and-fetch; delete on
# completion; bench/sql/dbscheduler-round-trip.sql mirrors the texts its JdbcTaskRepository sent, as PostgreSQL logged
# them), on its own table, and the client's read. docs/benchmarks.md, "Report queue", session 14.
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust) and pgbench; creates and drops aliaport_bench_qstatements.
# Usage: bench/queue-statements.sh [seconds per script=10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-10}
PG=(-h 127.0.0.1 -U postgres)
DB=aliaport_bench_qstatements
PGBENCH=$(command -v pgbench || find /usr/lib/postgresql -path '*/bin/pgbench' | sort -V | tail -1)
source bench/lib/fresh-db.sh
fresh_db
# db-scheduler's table as DbSchedulerBench creates it.
psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -f bench/sql/dbscheduler-schema.sql
seed_finished_tasks
psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -c "ANALYZE report_tasks, scheduled_tasks"
echo "machine: $(nproc) cores, PostgreSQL $(psql -Atc 'show server_version' "${PG[@]}" -d "$DB"), synchronous_commit $(psql -Atc 'show synchronous_commit' "${PG[@]}" -d "$DB"); load $(cut -d' ' -f1-3 /proc/loadavg)"
per_statement() { # label, script, the names of its statements
  local label=$1 script=$2
  shift 2
  "$PGBENCH" "${PG[@]}" -n -M prepared -c 1 -T "$SECONDS_PER_RUN" -r -f "$script" "$DB" 2>&1 \
    | awk -v label="$label" -v names="$*" '
      /^latency average/ { total = $4 }
      /^ +[0-9]+\.[0-9]+ / && !/\\set/ { ms[++n] = $1 }
      END {
        k = split(names, name, " ")
        if (n != k) { printf "%s: pgbench gave %d statement latencies, not %d\n", label, n, k > "/dev/stderr"; exit 1 }
        line = label ":"
        for (i = 1; i <= n; i++) line = line sprintf("%s %s %.3f ms", i > 1 ? "," : "", name[i], ms[i])
        if (n > 1) line = line sprintf("; %.3f ms a round trip", total)
        print line
      }'
}
per_statement "a round trip's floor" bench/sql/select-1.sql "SELECT-1"
per_statement "ours, as the queue runs them" bench/sql/queue-round-trip.sql submission SUCCESS read
per_statement "the same row, plain INSERT and UPDATE" bench/sql/queue-round-trip-plain.sql submission SUCCESS read
per_statement "ours, held: the rate read, the task inserted as it ended" bench/sql/queue-round-trip-held.sql rate inserted-ended
per_statement "db-scheduler 16.12, as it runs them" bench/sql/dbscheduler-round-trip.sql check schedule lock-and-fetch delete read
