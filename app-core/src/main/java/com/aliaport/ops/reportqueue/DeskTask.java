package com.aliaport.ops.reportqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One row of the report desk: a report task as operators see it (all users' tasks). */
public record DeskTask(
        UUID id,
        String type,
        String requestedBy,
        Map<String, String> parameters,
        ReportState state,
        long progressCurrent,
        long progressTotal,
        Optional<String> progressStatus,
        int attempts,
        int maxAttempts,
        boolean deadLettered,
        boolean cancelRequested,
        Optional<Long> sizeBytes,
        Optional<String> error,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Optional<String> storageKey) {

    public DeskTask {
        parameters = Map.copyOf(parameters);
    }

    /** From start to end, or to {@code now} while it runs; empty before it started. */
    public Optional<Duration> duration(Instant now) {
        return startedAt.map(s -> Duration.between(s, finishedAt.orElse(now)));
    }

    /** Whether an operator may cancel it (pending or running). */
    public boolean cancellable() {
        return !state.terminal();
    }

    /** Whether an operator may requeue it (dead-lettered). */
    public boolean requeueable() {
        return deadLettered && state == ReportState.FAILURE;
    }
}
