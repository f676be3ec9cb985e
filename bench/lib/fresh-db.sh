# Sourced by the benches that run on PostgreSQL alone, from the repository's root: fresh_db makes the database "$DB"
# anew with every migration applied (as Flyway would, in version order) and drops it when the script exits;
# seed_finished_tasks fills it as a running queue's. Needs PG=(connection options) and DB set.
fresh_db() {
  export PGOPTIONS='--client-min-messages=warning' # no NOTICE for a database that is not there to drop
  dropdb "${PG[@]}" --if-exists "$DB"
  createdb "${PG[@]}" "$DB"
  trap 'dropdb "${PG[@]}" --if-exists "$DB"' EXIT
  while read -r f; do
    psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -f "$f" >/dev/null
  done < <(printf '%s\n' app-core/src/main/resources/db/migration/V*.sql | sort -V)
}

# 20,000 finished tasks of 10,000 requesters in report_tasks, as a running queue's table holds (with "attempts", their
# attempt rows too).
seed_finished_tasks() {
  psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -c "INSERT INTO report_tasks (id, task_type, requested_by, state, created_at, finished_at)
      SELECT gen_random_uuid(), 'no-file', 'user-' || (g % 10000), 'SUCCESS', now() - g * interval '10 ms', now()
      FROM generate_series(1, 20000) g"
  if [ "${1:-}" = attempts ]; then
    psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -c "INSERT INTO report_task_attempts
        (task_id, fencing_token, attempt, worker_id, started_at, finished_at, outcome)
      SELECT id, 1, 1, 'w', created_at, finished_at, 'SUCCESS' FROM report_tasks"
  fi
}
