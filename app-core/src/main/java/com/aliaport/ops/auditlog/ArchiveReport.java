package com.aliaport.ops.auditlog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * What one archive run did: rows moved row-wise in batches and in whole months, the longest batch transaction and
 * the longest month move (the longest any lock was held), the time of the moves and of the VACUUM.
 */
public record ArchiveReport(
        Instant cutoff,
        ZoneId zone,
        long rowsMoved,
        long rowsInWholeMonths,
        List<PartitionMonth> wholeMonths,
        int batches,
        Duration longestBatch,
        Duration longestMonthMove,
        Duration moveTime,
        Duration vacuumTime) {

    public ArchiveReport {
        wholeMonths = List.copyOf(wholeMonths);
    }

    public double rowsPerSecond() {
        double seconds = moveTime.toNanos() / 1e9;
        return seconds <= 0 ? 0 : rowsMoved / seconds;
    }

    /** The run's one-line message for {@code job_runs}. */
    public String message() {
        String before = cutoff.atZone(zone).toLocalDate() + " (" + zone.getId() + ")";
        if (rowsMoved == 0) {
            return "no audit events created before " + before + "; VACUUM (ANALYZE) " + seconds(vacuumTime) + " s";
        }
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "moved %,d audit events created before %s to the archive in %s s (%,.0f rows/s; %d batches, longest %s s",
                rowsMoved,
                before,
                seconds(moveTime),
                rowsPerSecond(),
                batches,
                seconds(longestBatch)));
        if (!wholeMonths.isEmpty()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "; %d whole months (%,d rows) detached: %s, longest %s s",
                    wholeMonths.size(),
                    rowsInWholeMonths,
                    wholeMonths,
                    seconds(longestMonthMove)));
        }
        return sb.append("); VACUUM (ANALYZE) ")
                .append(seconds(vacuumTime))
                .append(" s")
                .toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
