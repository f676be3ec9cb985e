package com.aliaport.ops.auditlog;

import com.aliaport.ops.config.AppConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * How audit events are archived: calendar days kept (counted in {@code zone}, the port's time zone), plain or
 * partitioned mode, rows per batch, months of partitions kept ready ahead, and how long a partition change may
 * wait for its lock before it gives way to the application (and is retried or done row-wise).
 */
public record AuditArchiveSettings(
        int retentionDays,
        AppConfig.Audit.Mode mode,
        int batchSize,
        int partitionsAhead,
        ZoneId zone,
        Duration lockTimeout) {
    public static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(100);

    public AuditArchiveSettings {
        if (retentionDays < 1 || batchSize < 1 || partitionsAhead < 1) {
            throw new IllegalArgumentException("retention, batch size and months ahead must be positive");
        }
    }

    public static AuditArchiveSettings from(AppConfig.Audit audit, ZoneId zone) {
        return new AuditArchiveSettings(
                audit.retentionDays(),
                audit.mode(),
                audit.batchSize(),
                audit.partitionsAhead(),
                zone,
                DEFAULT_LOCK_TIMEOUT);
    }

    public AuditArchiveSettings withBatchSize(int rows) {
        return new AuditArchiveSettings(retentionDays, mode, rows, partitionsAhead, zone, lockTimeout);
    }

    public AuditArchiveSettings withMode(AppConfig.Audit.Mode newMode) {
        return new AuditArchiveSettings(retentionDays, newMode, batchSize, partitionsAhead, zone, lockTimeout);
    }

    /**
     * Events created before this instant are archived: the start (in {@link #zone}) of the day
     * {@code retentionDays} before today. So today and the {@code retentionDays} previous calendar days stay, and an
     * event is judged by the port's date, not by UTC's.
     */
    public Instant cutoff(Instant now) {
        return LocalDate.ofInstant(now, zone)
                .minusDays(retentionDays)
                .atStartOfDay(zone)
                .toInstant();
    }
}
