package com.aliaport.ops.storage;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The storage key of a report, {@code reports/{type}/{user_id}/{yyyyMMdd_HHmmss}_{task_id}.xlsx}, from the
 * task's own submission time (Istanbul), never the attempt's: every attempt writes the same key.
 */
public final class ReportKeys {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ISTANBUL);

    private ReportKeys() {}

    public static String keyOf(String type, String userId, Instant createdAt, UUID taskId) {
        return "reports/" + safe(type) + "/" + safe(userId) + "/" + STAMP.format(createdAt) + "_" + taskId + ".xlsx";
    }

    /** The name the browser saves the file under, e.g. {@code barinma_20260313_101500.xlsx}. */
    public static String downloadName(String type, Instant createdAt) {
        return safe(type) + "_" + STAMP.format(createdAt) + ".xlsx";
    }

    /** Keeps a path segment to letters, digits, dash, underscore and dot, so a user id cannot climb folders. */
    static String safe(String segment) {
        String s = segment.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.chars().allMatch(c -> c == '.') ? "_" : s;
    }
}
