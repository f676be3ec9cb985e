#!/usr/bin/env bash
# The queue's batch path on PostgreSQL alone, from pgbench (one connection, no JVM, no Redis): transactions of 64
# tasks admitted in one statement, claimed in two with their attempt rows, ended in two (bench/sql/queue-batch-path.sql),
# on a table of 20,000 finished tasks and their attempts, every migration applied, after a checkpoint. Per variant of
# the schema: µs a task (the transaction's latency / 64; the statements' own in brackets: admission, claims,
# SUCCESSes) and the WAL written a task. The variants are experiments (session 28), not migrations: without the
# attempts' foreign key (its check runs once an attempt row), without report_tasks_open_idx, with the desk's index
# ascending (new entries on its last page, not its first), all three. And one of the path (session 46, an experiment):
# the claim as a row lock held while the tasks run, STARTED and SUCCESS written at once after
# (bench/sql/queue-batch-path-locked.sql; its "claims" are BEGIN and the locks, its "SUCCESSes" the one write and the
# COMMIT that flushes it).
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust) and pgbench; creates and drops aliaport_bench_batchpath.
# Usage: bench/queue-batch-path.sh [runs=3] [transactions=300]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}; TRANSACTIONS=${2:-300}
PG=(-h 127.0.0.1 -U postgres)
DB=aliaport_bench_batchpath
PGBENCH=$(command -v pgbench || find /usr/lib/postgresql -path '*/bin/pgbench' | sort -V | tail -1)
source bench/lib/fresh-db.sh
declare -A VARIANTS=(
  [as-migrated]="SELECT 1"
  [no-attempts-fk]="ALTER TABLE report_task_attempts DROP CONSTRAINT report_task_attempts_task_id_fkey"
  [no-open-idx]="DROP INDEX report_tasks_open_idx"
  [desk-idx-asc]="DROP INDEX report_tasks_desk_idx; CREATE INDEX report_tasks_desk_idx ON report_tasks (created_at, id)"
)
VARIANTS[all-three]="${VARIANTS[no-attempts-fk]}; ${VARIANTS[no-open-idx]}; ${VARIANTS[desk-idx-asc]}"
VARIANTS[claim-as-lock]="SELECT 1"
transaction() { # a variant's pgbench script: the locked one has the same admission (up to its \gset), its own claims
  if [ "$1" = claim-as-lock ]; then
    sed '/\\gset$/q' bench/sql/queue-batch-path.sql
    grep -v '^--' bench/sql/queue-batch-path-locked.sql
  else
    cat bench/sql/queue-batch-path.sql
  fi
}
echo "machine: $(nproc) cores, PostgreSQL $(psql -Atc 'show server_version' "${PG[@]}" -d postgres); load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$RUNS"); do
  for variant in as-migrated no-attempts-fk no-open-idx desk-idx-asc all-three claim-as-lock; do
    fresh_db
    seed_finished_tasks attempts
    psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -c "${VARIANTS[$variant]}" \
      -c "ANALYZE report_tasks, report_task_attempts" -c CHECKPOINT >/dev/null
    before=$(psql -Atq "${PG[@]}" -d "$DB" -c "SELECT pg_current_wal_lsn()")
    latencies=$("$PGBENCH" "${PG[@]}" -n -M prepared -c 1 -t "$TRANSACTIONS" -r -f <(transaction "$variant") "$DB" 2>&1 \
      | awk '/^latency average/ { total = $4 }
             /^ +[0-9]+\.[0-9]+ +[0-9]+ +WITH input AS \(SELECT gen_random_uuid/ { admission += $1; next }
             /^ +[0-9]+\.[0-9]+ +[0-9]+ +(WITH async_commit|BEGIN|SELECT \* FROM report_tasks)/ { claims += $1; next }
             /^ +[0-9]+\.[0-9]+ +[0-9]+ +(WITH input AS|COMMIT)/ { ends += $1 }
             END { printf "%.0f µs a task (admission %.0f, claims %.0f, SUCCESSes %.0f)", total * 1000 / 64,
                     admission * 1000 / 64, claims * 1000 / 64, ends * 1000 / 64 }')
    wal=$(psql -Atq "${PG[@]}" -d "$DB" -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$before')::bigint / ($TRANSACTIONS * 64)")
    printf 'run %s: %-15s %s; %s WAL bytes a task\n' "$run" "$variant:" "$latencies" "$wal"
  done
done
