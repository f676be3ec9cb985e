-- The console's run history pages by id (newest first) under a filter: each filter column gets an index
-- ending in id, so a page is an index range scan of 50 rows however large job_runs grows. created_at lets
-- a date range turn into an id range.
CREATE INDEX IF NOT EXISTS job_runs_job_id_idx ON job_runs (job_id, id DESC);
CREATE INDEX IF NOT EXISTS job_runs_status_id_idx ON job_runs (status, id DESC);
CREATE INDEX IF NOT EXISTS job_runs_node_id_idx ON job_runs (node_id, id DESC);
CREATE INDEX IF NOT EXISTS job_runs_created_idx ON job_runs (created_at);
