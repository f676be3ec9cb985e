-- The report desk (issue 13): operators list every report task and cancel or requeue tasks through the
-- command channel. See docs/report-queue.md ("Report desk") and docs/console.md.

-- Two more operator commands; the target is a report_tasks id (UUID).
--   CANCEL_REPORT:  cancel a pending task at once, or ask the worker of a running one to stop;
--   REQUEUE_REPORT: put a dead-lettered task back in the queue with fresh attempts.
ALTER TABLE operator_commands DROP CONSTRAINT IF EXISTS operator_commands_command_check;
ALTER TABLE operator_commands ADD CONSTRAINT operator_commands_command_check
    CHECK (command IN ('PAUSE', 'RESUME', 'RUN_NOW', 'RUN_FOR_DATE', 'RERUN', 'CANCEL_REPORT', 'REQUEUE_REPORT'));

-- The desk pages all users' tasks newest first by keyset ((created_at, id) < the last row's): without a filter,
-- or with a type, state or period filter, a page is a backward range scan of this index. The requester filter
-- uses report_tasks_requester_idx (requested_by, created_at DESC), the dead-letter view
-- report_tasks_dead_letter_idx (partial).
CREATE INDEX IF NOT EXISTS report_tasks_desk_idx ON report_tasks (created_at DESC, id DESC);
