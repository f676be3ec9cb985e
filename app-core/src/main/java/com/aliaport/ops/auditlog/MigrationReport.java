package com.aliaport.ops.auditlog;

import java.time.Duration;
import java.util.Locale;

/** What the migration to partitioned tables did; {@code alreadyPartitioned} when there was nothing to do. */
public record MigrationReport(
        boolean alreadyPartitioned,
        long liveRows,
        long archiveRows,
        int liveMonths,
        int archiveMonths,
        Duration copyTime,
        Duration swapTime) {

    public String message() {
        if (alreadyPartitioned) {
            return "audit_events and audit_events_archive are already partitioned by month";
        }
        return String.format(
                Locale.ROOT,
                "audit_events (%,d rows, %d monthly partitions + default) and audit_events_archive (%,d rows, %d monthly"
                        + " partitions) are now partitioned; copy %.1f s, switch %.3f s",
                liveRows,
                liveMonths,
                archiveRows,
                archiveMonths,
                copyTime.toNanos() / 1e9,
                swapTime.toNanos() / 1e9);
    }
}
