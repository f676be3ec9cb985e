# Sourced by the benches that run on PostgreSQL alone, from the repository's root: fresh_db makes the database "$DB"
# anew with every migration applied (as Flyway would, in version order) and drops it when the script exits. Needs
# PG=(connection options) and DB set.
fresh_db() {
  export PGOPTIONS='--client-min-messages=warning' # no NOTICE for a database that is not there to drop
  dropdb "${PG[@]}" --if-exists "$DB"
  createdb "${PG[@]}" "$DB"
  trap 'dropdb "${PG[@]}" --if-exists "$DB"' EXIT
  while read -r f; do
    psql -q "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -f "$f" >/dev/null
  done < <(printf '%s\n' app-core/src/main/resources/db/migration/V*.sql | sort -V)
}
