-- Open tasks are found through the two partial indexes the queue keeps anyway: report_tasks_pending_due_idx (PENDING)
-- and report_tasks_running_lease_idx (STARTED, PROGRESS). report_tasks_open_idx covered both and cost every task two
-- more index entries (its insert and its claim; the claim's update cannot be HOT, it changes the state); its counts
-- are now the sum of the two (ReportTaskRepository.countOpen).
DROP INDEX IF EXISTS report_tasks_open_idx;
