package com.aliaport.ops.reportqueue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of {@code report_tasks}, the truth about a report request. {@code fencingToken} grows with every
 * claim by a worker; only the holder of the current token may write progress or the result. {@code error} is
 * the detail for operators; callers see {@link #publicError()}.
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
        Optional<Instant> fileDeletedAt,
        Optional<ReportErrorCode> errorCode) {

    /** Progress as the report last told it ({@code status} is Turkish text for people). */
    public record Progress(long current, long total, Optional<String> status) {}

    /**
     * The failure as the person who asked may see it: a stable code and a safe message, never {@link #error()}
     * itself unless the code says it is the report's own text. Empty unless the task ended FAILURE or CANCELLED.
     */
    public Optional<ReportErrorCode.PublicError> publicError() {
        return switch (state) {
            case CANCELLED ->
                Optional.of(new ReportErrorCode.PublicError(
                        ReportErrorCode.CANCELLED, ReportErrorCode.CANCELLED.publicMessage(Optional.empty())));
            case FAILURE -> {
                ReportErrorCode code = errorCode.orElse(ReportErrorCode.INTERNAL);
                yield Optional.of(new ReportErrorCode.PublicError(code, code.publicMessage(error)));
            }
            default -> Optional.empty();
        };
    }

    public boolean fileAvailable(Instant now) {
        return state == ReportState.SUCCESS
                && storageKey.isPresent()
                && fileDeletedAt.isEmpty()
                && fileExpiresAt.map(now::isBefore).orElse(true);
    }
}
