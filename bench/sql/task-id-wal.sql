-- One side of bench/task-id-wal.sh: report_tasks holding 20,000 finished tasks, then 5,000 submissions in 50 inserts
-- of 100 (a group commit's batch, each its own commit) right after a checkpoint, their ids made by :idfn (gen_random_uuid, or v7 below).
-- Prints the WAL those inserts wrote and the primary key's size.
CREATE OR REPLACE FUNCTION v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  -- RFC 9562 version 7 as TaskIds makes it: the millisecond, version 7, then random bits.
  SELECT encode(set_byte(overlay(uuid_send(gen_random_uuid()) PLACING
      substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
      6, (get_byte(uuid_send(gen_random_uuid()), 6) & 15) | 112), 'hex')::uuid $$;
TRUNCATE report_tasks CASCADE;
INSERT INTO report_tasks (id, task_type, requested_by, state, created_at, finished_at)
    SELECT :idfn(), 'noop', 'user-' || (g % 10000), 'SUCCESS', now() - (20000 - g) * interval '10 ms', now()
    FROM generate_series(1, 20000) g;
CHECKPOINT;
SELECT pg_current_wal_lsn() AS before \gset
SELECT format('INSERT INTO report_tasks (id, task_type, requested_by, state, created_at, updated_at)
        SELECT %s(), ''noop'', ''user-'' || (g %% 10000), ''PENDING'', clock_timestamp(), clock_timestamp()
        FROM generate_series(1, 100) g', :'idfn') FROM generate_series(1, 50) \gexec
SELECT :'idfn' AS ids, pg_wal_lsn_diff(pg_current_wal_lsn(), :'before')::bigint / 5000 AS wal_bytes_a_task,
       pg_relation_size('report_tasks_pkey') / 8192 AS pkey_pages;
