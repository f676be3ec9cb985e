package com.aliaport.ops.auditlog;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.jobrun.JobContext;
import com.aliaport.ops.jobrun.JobResult;
import com.aliaport.ops.jobrun.JobTask;
import java.util.List;

/**
 * {@value #JOB_ID}: daily at 02:30 Istanbul (before the archive run), creates the live partitions of the next
 * months ahead of time. Daily although months are long: it is idempotent and a missed day then costs nothing.
 */
public final class AuditPartitionMaintenanceJob implements JobTask {
    public static final String JOB_ID = "audit_partition_maintenance";
    /** Quartz cron, in Europe/Istanbul. */
    public static final String CRON = "0 30 2 * * ?";

    private final AuditPartitioning partitioning;
    private final AuditArchiveSettings settings;

    public AuditPartitionMaintenanceJob(AuditPartitioning partitioning, AuditArchiveSettings settings) {
        this.partitioning = partitioning;
        this.settings = settings;
    }

    @Override
    public JobResult run(JobContext context) {
        if (settings.mode() != AppConfig.Audit.Mode.PARTITIONED) {
            return JobResult.skipped("audit log in plain mode (ALIAPORT_AUDIT_MODE=plain): no partitions to keep");
        }
        return partitioning
                .ensurePartitions()
                .map(created -> JobResult.succeeded(describe(created)))
                .orElseGet(() -> JobResult.skipped("an audit archive run or partition change holds the audit lock"));
    }

    private String describe(List<PartitionMonth> created) {
        String ready = "partitions ready for this month and the next " + settings.partitionsAhead();
        return created.isEmpty() ? ready : ready + "; created " + created;
    }
}
