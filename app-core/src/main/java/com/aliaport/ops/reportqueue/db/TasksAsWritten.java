package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A submission's task as {@link ReportTaskAdmissions}' inserts write it, built from what was bound rather than read
 * back: every column of a new row is a bound value or a constant default, so its statements return only ids (issue
 * 17: the 27 columns of each row cost PostgreSQL their output functions and the JVM their decoding, and the row
 * mapper was the largest method C2 compiled). {@code TasksAsWrittenIT} holds them to the rows as read back.
 */
final class TasksAsWritten {
    private TasksAsWritten() {}

    /** An instant as {@code timestamptz} keeps it (microseconds), so that what is bound and what is built agree. */
    static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /** A submission inserted for the queue: PENDING, never claimed. */
    static ReportTask pending(ReportTaskAdmissions.NewTask t) {
        return task(t, ReportState.PENDING, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A submission inserted claimed for {@code workerId}: STARTED at {@code claimedAt}, first attempt. */
    static ReportTask claimed(ReportTaskAdmissions.NewTask t, String workerId, Instant claimedAt, Instant leaseUntil) {
        return task(
                t,
                ReportState.STARTED,
                Optional.of(workerId),
                Optional.of(leaseUntil),
                Optional.of(claimedAt),
                Optional.empty());
    }

    /** A held submission inserted as it ended with a plain SUCCESS (no file) at {@code finishedAt}. */
    static ReportTask succeeded(
            ReportTaskAdmissions.NewTask t, String workerId, Instant startedAt, Instant finishedAt) {
        return task(
                t,
                ReportState.SUCCESS,
                Optional.of(workerId),
                Optional.empty(),
                Optional.of(startedAt),
                Optional.of(finishedAt));
    }

    /** The new row: claimed once or never, every column not named here at its table default. */
    private static ReportTask task(
            ReportTaskAdmissions.NewTask t,
            ReportState state,
            Optional<String> workerId,
            Optional<Instant> leaseUntil,
            Optional<Instant> startedAt,
            Optional<Instant> finishedAt) {
        int attempt = workerId.isPresent() ? 1 : 0;
        Optional<String> status =
                switch (state) {
                    case PENDING -> Optional.empty();
                    case SUCCESS -> Optional.of("Rapor hazır");
                    default -> Optional.of("Başladı");
                };
        return new ReportTask(
                t.id(),
                t.type(),
                t.queue(),
                t.parameters(),
                t.requestedBy(),
                state,
                new ReportTask.Progress(0, 0, status),
                attempt,
                t.maxAttempts(),
                workerId,
                attempt,
                leaseUntil,
                Optional.empty(),
                false,
                false,
                t.idempotencyKey(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                t.createdAt(),
                startedAt,
                finishedAt,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
