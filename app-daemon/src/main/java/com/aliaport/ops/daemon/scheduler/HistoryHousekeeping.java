package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.jobrun.JobResult;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.jobrun.JobTask;
import java.time.Duration;

/** Trims {@code job_runs}: finished runs older than the retention go. */
final class HistoryHousekeeping {
    private HistoryHousekeeping() {}

    static JobTask task(JobRunRepository runs, int retentionDays) {
        return ctx -> {
            int deleted = runs.deleteFinishedBefore(ctx.clock().instant().minus(Duration.ofDays(retentionDays)));
            return JobResult.succeeded("removed " + deleted + " run(s) older than " + retentionDays + " days");
        };
    }
}
