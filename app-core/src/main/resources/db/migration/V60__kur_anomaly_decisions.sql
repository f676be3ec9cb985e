-- Exchange-rate anomaly decisions (issue 13): an operator accepts an anomaly (the rate stands) or rejects it
-- with a note (the rate is marked rejected, and neither GET /api/kurlar nor the reports use it). See
-- docs/exchange-rates.md, "Anomaly decisions".

-- A rejected rate stays in kurlar as published (the sync's UPSERT never touches these columns, so re-syncing
-- the bulletin does not restore it); readers skip rows with rejected_at set and take the latest earlier one.
ALTER TABLE kurlar
    ADD COLUMN rejected_at    TIMESTAMPTZ,
    ADD COLUMN rejected_by    TEXT,
    ADD COLUMN rejection_note TEXT,
    -- The kur_anomalies row whose rejection marked it.
    ADD COLUMN rejected_by_anomaly_id BIGINT;

-- The console lists open anomalies first, then every decided one newest first.
CREATE INDEX kur_anomalies_created_idx ON kur_anomalies (created_at DESC, id DESC);

-- The whole decision in one transaction: the anomaly's status, decided_at, decided_by (session_user: the
-- operator's own login, never what the client says), decision_note; on REJECT the rate's rejected_* columns;
-- the audit event (kur.anomaly.accepted / kur.anomaly.rejected); a NOTIFY on channel kur_anomalies (payload:
-- the id) on which the daemons drop their cached kurlar:* answers. SECURITY DEFINER so that operators need no
-- write right on kur_anomalies, kurlar or audit_events; only aliaport_operator (and admin) may execute it.
CREATE FUNCTION aliaport_decide_anomaly(anomaly_id BIGINT, decision TEXT, note TEXT) RETURNS TEXT
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    a         kur_anomalies%ROWTYPE;
    k         kurlar%ROWTYPE;
    d         TEXT := upper(btrim(coalesce(decision, '')));
    n         TEXT := nullif(btrim(coalesce(note, '')), '');
    new_state TEXT;
BEGIN
    IF d NOT IN ('ACCEPT', 'REJECT') THEN
        RAISE EXCEPTION 'anomaly %: unknown decision ''%'' (ACCEPT or REJECT)', anomaly_id, decision
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO a FROM kur_anomalies WHERE id = anomaly_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'anomaly % does not exist', anomaly_id USING ERRCODE = 'no_data_found';
    END IF;
    IF a.status <> 'OPEN' THEN
        RAISE EXCEPTION 'anomaly % (% of %) is already % by % at %', anomaly_id, a.doviz_kodu, a.tarih,
            a.status, coalesce(a.decided_by, '?'), coalesce(a.decided_at::text, '?')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF d = 'REJECT' AND n IS NULL THEN
        RAISE EXCEPTION 'anomaly % (% of %): a rejection needs a note saying why the rate is wrong', anomaly_id,
            a.doviz_kodu, a.tarih USING ERRCODE = 'invalid_parameter_value';
    END IF;
    new_state := CASE d WHEN 'ACCEPT' THEN 'ACCEPTED' ELSE 'REJECTED' END;
    UPDATE kur_anomalies
       SET status = new_state, decided_at = now(), decided_by = session_user, decision_note = n
     WHERE id = anomaly_id;
    IF d = 'REJECT' THEN
        UPDATE kurlar
           SET rejected_at = now(), rejected_by = session_user, rejection_note = n,
               rejected_by_anomaly_id = anomaly_id
         WHERE tarih = a.tarih AND doviz_kodu = a.doviz_kodu;
    END IF;
    SELECT * INTO k FROM kurlar WHERE tarih = a.tarih AND doviz_kodu = a.doviz_kodu;
    INSERT INTO audit_events (event_type, user_id, details)
    VALUES ('kur.anomaly.' || lower(new_state), session_user,
            jsonb_build_object('anomaly_id', a.id, 'currency', a.doviz_kodu, 'date', a.tarih,
                               'previous_date', a.onceki_tarih, 'previous_rate', a.onceki_alis,
                               'new_rate', a.yeni_alis, 'change', a.degisim_orani, 'unit', k.birim,
                               'selling', k.satis, 'source', k.kaynak, 'job_run_id', a.job_run_id,
                               'decision', new_state, 'note', n));
    PERFORM pg_notify('kur_anomalies', anomaly_id::text);
    RETURN new_state;
END;
$$;
REVOKE ALL ON FUNCTION aliaport_decide_anomaly(BIGINT, TEXT, TEXT) FROM PUBLIC;

-- V50's grants, and EXECUTE on the decision for operators (admins through their membership). Viewers keep
-- SELECT on kurlar and kur_anomalies (the new columns included); they cannot decide.
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
    ELSE
        RAISE NOTICE 'role aliaport_operator does not exist: its grants skipped';
    END IF;
END;
$$;
REVOKE ALL ON FUNCTION aliaport_grant_console_privileges() FROM PUBLIC;
SELECT aliaport_grant_console_privileges();
