\set u random(1, 1000000)
INSERT INTO report_tasks (id, task_type, queue, parameters, requested_by, state, max_attempts, created_at, updated_at, attempts, fencing_token, worker_id, lease_until, started_at, progress_current, progress_status) VALUES (gen_random_uuid(), 'no-file', 'reports', '{}'::jsonb, 'user-' || :u, 'STARTED', 4, now(), now(), 1, 1, 'bench-1', now() + interval '5 minutes', now(), 0, 'Başladı') RETURNING id::text AS submitted_id \gset
UPDATE report_tasks SET state = 'SUCCESS', progress_status = 'Rapor hazır', lease_until = NULL, finished_at = now(), updated_at = now() WHERE id = :submitted_id::uuid AND fencing_token = 1;
SELECT * FROM report_tasks WHERE id = :submitted_id::uuid;
