-- The console's side of the database (issue 12): the roles operators sign in under, the one narrow channel
-- through which the console commands the cluster (operator_commands), the daemon's job catalog for readers
-- without Quartz (scheduled_jobs), and live run history (NOTIFY on job_runs). See docs/console.md.

-- Commands an operator asks the cluster to carry out. Operators may only INSERT command, target and parameters;
-- who asked (session_user), when, and the state are set here and by the daemon node that claims the command.
CREATE TABLE operator_commands (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    command      TEXT        NOT NULL CHECK (command IN ('PAUSE', 'RESUME', 'RUN_NOW', 'RUN_FOR_DATE', 'RERUN')),
    -- A job id (PAUSE, RESUME, RUN_NOW, RUN_FOR_DATE) or a job_runs id (RERUN).
    target       TEXT        NOT NULL,
    parameters   JSONB       NOT NULL DEFAULT '{}'::jsonb,
    requested_by TEXT        NOT NULL DEFAULT session_user,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    state        TEXT        NOT NULL DEFAULT 'WAITING' CHECK (state IN ('WAITING', 'RUNNING', 'DONE', 'FAILED')),
    -- The daemon node (or CLI process) that carried it out.
    handled_by   TEXT,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    outcome      TEXT
);
-- The nodes' claim and sweep: the oldest waiting command first.
CREATE INDEX operator_commands_waiting_idx ON operator_commands (id) WHERE state = 'WAITING';
-- The console's list of recent commands.
CREATE INDEX operator_commands_requested_idx ON operator_commands (requested_at DESC);

-- Every command lands in the audit log with the operator's database user, and wakes the daemon nodes.
-- SECURITY DEFINER: operators need no INSERT on audit_events (the function runs as the schema owner);
-- session_user is still the operator's login inside it.
CREATE FUNCTION operator_command_requested() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO audit_events (event_type, user_id, details)
    VALUES ('command.requested', NEW.requested_by,
            jsonb_build_object('command_id', NEW.id, 'command', NEW.command, 'target', NEW.target,
                               'parameters', NEW.parameters));
    PERFORM pg_notify('operator_commands', NEW.id::text);
    RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION operator_command_requested() FROM PUBLIC;
CREATE TRIGGER operator_commands_requested
    AFTER INSERT ON operator_commands
    FOR EACH ROW EXECUTE FUNCTION operator_command_requested();

-- The daemon's job catalog, upserted by every node whenever it registers its jobs: the console lists jobs,
-- their schedule and which take a date without Quartz. Next fire time and pause state are in qrtz_triggers.
CREATE TABLE scheduled_jobs (
    job_id        TEXT PRIMARY KEY,
    description   TEXT        NOT NULL,
    cron          TEXT,
    time_zone     TEXT        NOT NULL,
    pool          TEXT        NOT NULL,
    takes_date    BOOLEAN     NOT NULL DEFAULT FALSE,
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Live run history: channel job_runs carries {id, job_id, status, progress_current, progress_total} of each
-- new run and of each change of status or progress. Heartbeat-only updates stay silent. job_runs is written a
-- few times per run (progress at most every few seconds), far from the commit rates where a NOTIFY in the
-- writing transaction costs anything (compare the report queue's announcer, V40).
CREATE FUNCTION job_runs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('job_runs', json_build_object(
            'id', NEW.id, 'job_id', NEW.job_id, 'status', NEW.status,
            'progress_current', NEW.progress_current, 'progress_total', NEW.progress_total)::text);
    RETURN NULL;
END;
$$;
CREATE TRIGGER job_runs_inserted
    AFTER INSERT ON job_runs
    FOR EACH ROW EXECUTE FUNCTION job_runs_notify();
CREATE TRIGGER job_runs_changed
    AFTER UPDATE ON job_runs
    FOR EACH ROW
    WHEN ((OLD.status, OLD.progress_current, OLD.progress_total)
          IS DISTINCT FROM (NEW.status, NEW.progress_current, NEW.progress_total))
    EXECUTE FUNCTION job_runs_notify();

-- Group roles, cluster-wide, so created once whatever the number of databases (tests create many); skipped
-- with a notice where the migrating user may not create roles. Nested: admin ⊃ operator ⊃ viewer.
DO $$
DECLARE
    r TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['aliaport_viewer', 'aliaport_operator', 'aliaport_admin'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION
                WHEN insufficient_privilege THEN
                    RAISE NOTICE 'cannot create role % (no CREATEROLE): skipped; see docs/console.md', r;
                WHEN duplicate_object OR unique_violation THEN
                    NULL; -- created meanwhile by the migration of another database
            END;
        END IF;
    END LOOP;
END;
$$;

-- The console roles' nesting and grants in this database, for the roles that exist. Run by this migration,
-- and again by the schema owner (SELECT aliaport_grant_console_privileges();) after an administrator created
-- the roles by hand where the migrating user could not. Later migrations that give the console more
-- replace this function and call it.
--   viewer:   read what the console shows (runs, reports, rates and anomalies, audit, commands, the job
--             catalog, and Quartz's tables read-only for next fire times and pause state);
--   operator: viewer + INSERT of command, target and parameters into operator_commands, nothing else;
--   admin:    operator (the admin-only actions of later issues grant to it).
CREATE FUNCTION aliaport_grant_console_privileges() RETURNS void LANGUAGE plpgsql AS $$
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
    ELSE
        RAISE NOTICE 'role aliaport_operator does not exist: its grants skipped';
    END IF;
END;
$$;
REVOKE ALL ON FUNCTION aliaport_grant_console_privileges() FROM PUBLIC;
SELECT aliaport_grant_console_privileges();
