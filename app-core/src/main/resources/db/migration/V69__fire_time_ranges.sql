-- Every fire time of a scheduled job leaves a row (issue 16): one that ran, or one that says why it did not. A
-- row that did not run may stand for several fire times at once (a MISSED row for everything a long outage
-- skipped, a SKIPPED row for late fire times coalesced into one run): scheduled_until is the last fire time it
-- stands for, scheduled_at the first; NULL for a row of one fire time.
ALTER TABLE job_runs ADD COLUMN scheduled_until TIMESTAMPTZ;
ALTER TABLE job_runs ADD CONSTRAINT job_runs_fire_time_range_ck
    CHECK (scheduled_until IS NULL OR (scheduled_at IS NOT NULL AND scheduled_until >= scheduled_at));
