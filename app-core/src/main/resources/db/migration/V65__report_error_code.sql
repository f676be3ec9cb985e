-- Failed reports answer API callers with a stable code and a message safe to show (issue 15): the
-- exception text (class names, file paths, SQL) stays in report_tasks.error and the log, for operators.
-- Codes: INVALID_PARAMETER, REPORT_DATA, TIMED_OUT, WORKER_LOST, CANCELLED, INTERNAL (docs/contract.md).
-- NULL on rows written before this column: read as INTERNAL.
ALTER TABLE report_tasks ADD COLUMN error_code TEXT;
