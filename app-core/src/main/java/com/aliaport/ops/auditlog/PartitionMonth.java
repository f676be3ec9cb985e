package com.aliaport.ops.auditlog;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One calendar month of the port's time zone: the range of one partition of the live or the archive table. */
public record PartitionMonth(YearMonth month, ZoneId zone) implements Comparable<PartitionMonth> {
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");

    public static PartitionMonth of(Instant instant, ZoneId zone) {
        return new PartitionMonth(YearMonth.from(instant.atZone(zone)), zone);
    }

    /** Inclusive lower bound. */
    public Instant from() {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** Exclusive upper bound. */
    public Instant to() {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    public PartitionMonth next() {
        return new PartitionMonth(month.plusMonths(1), zone);
    }

    /** {@code audit_events_2025_01}, {@code audit_events_archive_2025_01}: the table's name plus the month. */
    public String tableName(String parent) {
        return parent + "_" + month.format(SUFFIX);
    }

    @Override
    public int compareTo(PartitionMonth other) {
        return month.compareTo(other.month);
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
