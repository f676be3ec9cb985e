package com.aliaport.ops.storage;

import com.aliaport.ops.jobrun.JobContext;
import com.aliaport.ops.jobrun.JobResult;
import com.aliaport.ops.jobrun.JobTask;
import com.aliaport.ops.reportqueue.ReportTask;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.reportqueue.db.ReportTaskUpkeep;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job {@value #JOB_ID}: removes report files past their expiry and marks their tasks, so that a status shows
 * "expired" instead of a dead link. Runs in batches and stops between them when asked.
 */
public final class ReportFileHousekeeping implements JobTask {
    public static final String JOB_ID = "report_housekeeping";
    private static final Logger log = LoggerFactory.getLogger(ReportFileHousekeeping.class);
    private static final int BATCH = 200;

    private final ReportTaskUpkeep tasks;
    private final ReportStorage storage;

    public ReportFileHousekeeping(ReportTaskRepository tasks, ReportStorage storage) {
        this.tasks = tasks.upkeep();
        this.storage = storage;
    }

    @Override
    public JobResult run(JobContext context) {
        int removed = 0;
        while (true) {
            context.checkStop();
            List<ReportTask> expired = tasks.expiredFiles(context.clock().instant(), BATCH);
            if (expired.isEmpty()) {
                break;
            }
            for (ReportTask t : expired) {
                storage.delete(t.storageKey().orElseThrow());
                tasks.markFileDeleted(t.id(), context.clock().instant());
                removed++;
            }
            context.progress(removed, removed, removed + " report files removed");
            if (expired.size() < BATCH) {
                break;
            }
        }
        int parts = storage.purgeAbandonedUploads(context.clock().instant().minus(java.time.Duration.ofHours(1)));
        if (removed == 0 && parts == 0) {
            return JobResult.skipped("no expired report files");
        }
        log.info("removed {} expired report files and {} abandoned uploads", removed, parts);
        return JobResult.succeeded("removed " + removed + " expired report files and " + parts + " abandoned uploads");
    }
}
