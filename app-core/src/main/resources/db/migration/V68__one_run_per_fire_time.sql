-- One run per scheduled fire time of a job, across the cluster (issue 16, found by ChaosIT). A node paused past
-- the cluster's failure detection (a stopped VM, a long GC, SIGSTOP) is recovered by the others, and when it wakes
-- Quartz still fires the triggers it held ("This scheduler instance ... was recovered by another instance in the
-- cluster. This may cause inconsistent behavior."): fire times the others already ran. Quartz's fire-instance ids
-- differ between nodes, so job_runs.fire_id does not catch it; the fire time does. A second SCHEDULED row for the
-- same job and fire time is refused here (JobRunRepository.start inserts ON CONFLICT DO NOTHING and the executor
-- runs nothing: "already recorded, not running it twice"). Rows that did not run (SKIPPED by the run guard, MISSED
-- by the misfire policy) stay out; retries, recoveries and manual runs have other trigger kinds.
--
-- Only rows written from now on: history may already hold such duplicates (this very fault), which would make a
-- unique index over all rows fail to build.
DO $$
DECLARE
    since BIGINT := (SELECT coalesce(max(id), 0) FROM job_runs);
BEGIN
    EXECUTE format(
        'CREATE UNIQUE INDEX job_runs_one_run_per_fire_time_idx ON job_runs (job_id, scheduled_at)'
        || ' WHERE trigger_kind = ''SCHEDULED'' AND status NOT IN (''SKIPPED'', ''MISSED'') AND id > %s',
        since);
END $$;
