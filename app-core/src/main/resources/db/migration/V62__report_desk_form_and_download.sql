-- The report desk, part 2 (issue 13): an operator requests a report and downloads a finished one from the
-- console, through the command channel like every other action. See docs/console.md ("Report desk").
--   SUBMIT_REPORT: target = the report type, parameters = its parameters; the daemon submits it through the
--                  report queue (the API's and the CLI's path), requested by the command's requested_by;
--   LINK_REPORT:   target = a report_tasks id; the daemon signs the same time-limited link staff get and stores
--                  it in report_links, readable by the requesting login only.
ALTER TABLE operator_commands DROP CONSTRAINT IF EXISTS operator_commands_command_check;
ALTER TABLE operator_commands ADD CONSTRAINT operator_commands_command_check
    CHECK (command IN ('PAUSE', 'RESUME', 'RUN_NOW', 'RUN_FOR_DATE', 'RERUN', 'CANCEL_REPORT', 'REQUEUE_REPORT',
                       'SUBMIT_REPORT', 'LINK_REPORT'));

-- A signed download link is a credential until it expires: it stays out of operator_commands and the audit log
-- (which every viewer reads). Row security shows each login only the links it asked for; the daemon's own user
-- (the owner) writes them and deletes expired ones.
CREATE TABLE report_links (
    command_id   BIGINT PRIMARY KEY REFERENCES operator_commands (id) ON DELETE CASCADE,
    task_id      UUID        NOT NULL,
    requested_by TEXT        NOT NULL,
    url          TEXT        NOT NULL,
    file_name    TEXT        NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX report_links_expires_idx ON report_links (expires_at);
ALTER TABLE report_links ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_links_own ON report_links FOR SELECT USING (requested_by = session_user);

-- V60's grants, and for operators: SELECT on the tables the new-report form searches, and on report_links.
CREATE OR REPLACE FUNCTION aliaport_grant_console_privileges() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    pair TEXT[];
    t    TEXT;
BEGIN
    FOREACH pair SLICE 1 IN ARRAY ARRAY[['aliaport_viewer', 'aliaport_operator'],
                                        ['aliaport_operator', 'aliaport_admin']] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = pair[1])
           AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = pair[2])
           AND NOT EXISTS (SELECT 1 FROM pg_auth_members m
                             JOIN pg_roles g ON g.oid = m.roleid
                             JOIN pg_roles u ON u.oid = m.member
                            WHERE g.rolname = pair[1] AND u.rolname = pair[2]) THEN
            BEGIN
                EXECUTE format('GRANT %I TO %I', pair[1], pair[2]);
            EXCEPTION
                WHEN insufficient_privilege THEN
                    RAISE NOTICE 'cannot grant % to %: skipped; see docs/console.md', pair[1], pair[2];
            END;
        END IF;
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aliaport_viewer') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO aliaport_viewer', current_schema());
        FOREACH t IN ARRAY ARRAY['job_runs', 'report_tasks', 'report_task_attempts', 'kurlar', 'kur_anomalies',
                                 'audit_events', 'audit_events_archive', 'operator_commands',
                                 'scheduled_jobs'] LOOP
            EXECUTE format('GRANT SELECT ON TABLE %I TO aliaport_viewer', t);
        END LOOP;
        FOR t IN SELECT tablename FROM pg_tables
                  WHERE schemaname = current_schema() AND tablename LIKE 'qrtz\_%' LOOP
            EXECUTE format('GRANT SELECT ON TABLE %I TO aliaport_viewer', t);
        END LOOP;
    ELSE
        RAISE NOTICE 'role aliaport_viewer does not exist: its grants skipped';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aliaport_operator') THEN
        GRANT INSERT (command, target, parameters) ON operator_commands TO aliaport_operator;
        GRANT USAGE ON SEQUENCE operator_commands_id_seq TO aliaport_operator;
        GRANT EXECUTE ON FUNCTION aliaport_decide_anomaly(BIGINT, TEXT, TEXT) TO aliaport_operator;
        -- The new-report form: search customers, vessels and their manifests; validate as the API does.
        GRANT SELECT ON TABLE cari_hesaplar, gemiler, manifestolar TO aliaport_operator;
        -- The download: an operator reads the links signed for their own LINK_REPORT commands (row security).
        GRANT SELECT ON TABLE report_links TO aliaport_operator;
    ELSE
        RAISE NOTICE 'role aliaport_operator does not exist: its grants skipped';
    END IF;
END;
$$;
REVOKE ALL ON FUNCTION aliaport_grant_console_privileges() FROM PUBLIC;
SELECT aliaport_grant_console_privileges();
