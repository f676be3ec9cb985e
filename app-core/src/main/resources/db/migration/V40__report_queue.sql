-- Report queue (issue 5): report_tasks (V1) stays the truth; this adds what the queue needs to be durable.

ALTER TABLE report_tasks
    -- When the task was last handed to Redis: the reconciler leaves fresh hand-overs alone.
    ADD COLUMN enqueued_at        TIMESTAMPTZ,
    -- The stored file's expiry (links are never signed past it) and when housekeeping removed it.
    ADD COLUMN file_expires_at    TIMESTAMPTZ,
    ADD COLUMN file_deleted_at    TIMESTAMPTZ,
    -- Request fingerprint of an Idempotency-Key submission: the same key with other parameters is refused.
    ADD COLUMN request_hash       TEXT;

-- The reconciler's scan: pending work that is due.
CREATE INDEX report_tasks_pending_due_idx ON report_tasks (not_before, created_at) WHERE state = 'PENDING';
-- Lease expiry scan over running tasks.
CREATE INDEX report_tasks_running_lease_idx ON report_tasks (lease_until) WHERE state IN ('STARTED', 'PROGRESS');
-- Housekeeping: stored files that are past their expiry.
CREATE INDEX report_tasks_file_expiry_idx ON report_tasks (file_expires_at)
    WHERE storage_key IS NOT NULL AND file_deleted_at IS NULL;
-- Operators' dead-letter view.
CREATE INDEX report_tasks_dead_letter_idx ON report_tasks (finished_at DESC) WHERE dead_lettered;

-- One row per claim of a task by a worker, closed by the holder of that claim's fencing token only:
-- the history operators read (why each attempt failed) and the proof that a task succeeded once.
CREATE TABLE report_task_attempts (
    task_id       UUID        NOT NULL REFERENCES report_tasks (id) ON DELETE CASCADE,
    fencing_token BIGINT      NOT NULL,
    attempt       INT         NOT NULL,
    worker_id     TEXT        NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    outcome       TEXT CHECK (outcome IN ('SUCCESS', 'FAILURE', 'RETRY', 'CANCELLED', 'TIMED_OUT', 'LOST')),
    error         TEXT,
    PRIMARY KEY (task_id, fencing_token)
);

-- Live progress: every change of state or progress is announced on channel report_progress with a small
-- JSON payload (the console LISTENs; the HTTP API's SSE stream wakes on it). Progress writes are
-- rate-limited by the workers, so the notifications are too.
CREATE FUNCTION report_tasks_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT'
       OR NEW.state IS DISTINCT FROM OLD.state
       OR NEW.progress_current IS DISTINCT FROM OLD.progress_current
       OR NEW.progress_total IS DISTINCT FROM OLD.progress_total
       OR NEW.progress_status IS DISTINCT FROM OLD.progress_status
       OR NEW.cancel_requested IS DISTINCT FROM OLD.cancel_requested THEN
        PERFORM pg_notify('report_progress', json_build_object(
            'id', NEW.id,
            'type', NEW.task_type,
            'user', NEW.requested_by,
            'state', NEW.state,
            'current', NEW.progress_current,
            'total', NEW.progress_total,
            'status', left(NEW.progress_status, 200))::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_tasks_notify
    AFTER INSERT OR UPDATE ON report_tasks
    FOR EACH ROW EXECUTE FUNCTION report_tasks_notify();
