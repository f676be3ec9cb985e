package com.aliaport.ops.reportqueue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of {@code report_tasks}, the truth about a report request. {@code fencingToken} grows with every
 * claim by a worker; only the holder of the current token may write progress or the result.
 */
public record ReportTask(
        UUID id,
        String type,
        String queue,
        Map<String, String> parameters,
        String requestedBy,
        ReportState state,
        Progress progress,
        int attempts,
        int maxAttempts,
        Optional<String> workerId,
        long fencingToken,
        Optional<Instant> leaseUntil,
        Optional<Instant> notBefore,
        boolean deadLettered,
        boolean cancelRequested,
        Optional<String> idempotencyKey,
        Optional<String> storageKey,
        Optional<Long> sizeBytes,
        Optional<String> error,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Optional<Instant> fileExpiresAt,
        Optional<Instant> fileDeletedAt) {

    /** Progress as the report last told it ({@code status} is Turkish text for people). */
    public record Progress(long current, long total, Optional<String> status) {}

    public boolean fileAvailable(Instant now) {
        return state == ReportState.SUCCESS
                && storageKey.isPresent()
                && fileDeletedAt.isEmpty()
                && fileExpiresAt.map(now::isBefore).orElse(true);
    }
}
