package com.aliaport.ops.auditlog;

import com.aliaport.ops.jobrun.JobContext;
import com.aliaport.ops.jobrun.JobResult;
import com.aliaport.ops.jobrun.JobTask;

/** {@value #JOB_ID}: daily at 03:00 Istanbul, moves audit events past the retention to the archive. */
public final class AuditArchiveJob implements JobTask {
    public static final String JOB_ID = "audit_archive_daily";
    /** Quartz cron, in Europe/Istanbul: 03:00, the quietest hour of the port's systems. */
    public static final String CRON = "0 0 3 * * ?";

    private final AuditArchiver archiver;

    public AuditArchiveJob(AuditArchiver archiver) {
        this.archiver = archiver;
    }

    @Override
    public JobResult run(JobContext context) {
        return archiver.archive(context)
                .map(report -> JobResult.succeeded(report.message()))
                .orElseGet(
                        () -> JobResult.skipped("another audit archive run or partition change holds the audit lock"));
    }
}
