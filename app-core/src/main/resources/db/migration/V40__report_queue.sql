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

-- Live progress is announced on channel report_progress by the queue itself (PgReportAnnouncer), in batches
-- from one thread, rather than by a trigger: a NOTIFY inside every writing transaction makes PostgreSQL
-- serialise those commits (one global lock held across the WAL flush), which capped the queue at ~115 tasks/s.
