package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.GroupCommit;
import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.report.ReportDataException;
import com.aliaport.ops.reportqueue.ReportExecution.Stop;
import com.aliaport.ops.reportqueue.db.HeldSubmission;
import com.aliaport.ops.reportqueue.db.ReportTaskEnds;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.storage.ReportKeys;
import com.aliaport.ops.storage.ReportStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one claimed attempt writes to PostgreSQL, under its claim's fencing token: its held submission first (if
 * any), its progress and heartbeats, and its one result: a SUCCESS (the file stored first) through the held
 * submission or the node's group commit of results, any other end at once, waiting out an outage. The running of
 * the report and its supervision stay in {@link ReportExecution}; {@code stop} is the reason it was asked to stop,
 * which both sides set.
 */
final class AttemptOutcome {
    private static final Logger log = LoggerFactory.getLogger(AttemptOutcome.class);

    private final ReportTaskRepository tasks;
    private final ReportTaskEnds ends;
    private final ReportStorage storage;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private final String nodeId;
    private final GroupCommit<ReportTaskEnds.Success, Boolean> results;
    private final BooleanSupplier running;
    private final ReportTask task;
    private final AtomicReference<Stop> stop;
    /** A SUCCESS is written by the finishing thread when the results' writer is idle (a direct hand-over). */
    private final boolean writesOwnSuccess;
    /** The task's submission, held back until the SUCCESS or a {@link #releaseHeld}; or null. */
    private final HeldSubmission held;
    /** When the claim was last confirmed (claim or heartbeat). */
    private Instant lastBeat;

    AttemptOutcome(
            ReportExecution.Workshop shop,
            ReportTask task,
            AtomicReference<Stop> stop,
            boolean writesOwnSuccess,
            HeldSubmission held) {
        this.tasks = shop.tasks();
        this.ends = tasks.ends();
        this.storage = shop.storage();
        this.settings = shop.settings();
        this.clock = shop.clock();
        this.nodeId = shop.nodeId();
        this.results = shop.results();
        this.running = shop.running();
        this.task = task;
        this.stop = stop;
        this.writesOwnSuccess = writesOwnSuccess;
        this.held = held;
        this.lastBeat = task.startedAt().orElse(Instant.MIN);
    }

    /** The end of a task whose type this node has no builder for: FAILURE, dead-lettered (no retry would help). */
    void noBuilder() {
        finish(() -> ends.finishWithout(
                task.id(),
                task.fencingToken(),
                ReportState.FAILURE,
                true,
                ReportErrorCode.INTERNAL,
                "no report builder for type " + task.type() + " on node " + nodeId,
                "FAILURE",
                clock.instant()));
    }

    /**
     * Records the result of a report that ended (or was stopped): {@code failure} its error or null, {@code file} its
     * scratch file or null, and the reason it was asked to stop.
     */
    void conclude(Throwable failure, Path file) {
        Stop reason = stop.get();
        // Only a SUCCESS without a file is written with a held submission; before an upload or any other end, the
        // submission is committed alone.
        boolean plainSuccess = failure == null && reason == null && file == null;
        if (reason == Stop.LEASE_LOST || (!plainSuccess && !releaseHeld())) {
            return;
        }
        if (reason == Stop.CANCELLED) {
            finish(() -> ends.cancelClaimed(task.id(), task.fencingToken(), clock.instant()));
            log.info("report task {} cancelled", task.id());
            return;
        }
        if (reason == Stop.SHUTDOWN && failure != null) {
            // Not the report's fault: try again soon on this node or another.
            finish(() -> ends.retryLater(
                    task.id(),
                    task.fencingToken(),
                    ReportErrorCode.INTERNAL,
                    "interrupted by daemon shutdown",
                    clock.instant(),
                    clock.instant()));
            return;
        }
        if (reason == Stop.SOFT_LIMIT && failure != null) {
            timedOut("stopped at the soft limit of " + settings.softLimit().toSeconds() + " s");
            return;
        }
        if (failure != null) {
            failed(failure);
            return;
        }
        if (file == null) {
            recordSuccess(Optional.empty());
        } else {
            store(file);
        }
    }

    /** Ends the task at a time limit: FAILURE, attempt TIMED_OUT, not dead-lettered. */
    void timedOut(String why) {
        finish(() -> ends.finishWithout(
                task.id(),
                task.fencingToken(),
                ReportState.FAILURE,
                false,
                ReportErrorCode.TIMED_OUT,
                "time-out: " + why,
                "TIMED_OUT",
                clock.instant()));
    }

    private void store(Path file) {
        String key = ReportKeys.keyOf(task.type(), task.requestedBy(), task.createdAt(), task.id());
        long size;
        try {
            size = Files.size(file);
            // Upload only while the claim is still ours; the key is the task's, so even a late upload
            // by a worker that lost its claim overwrites the same one file.
            if (Duration.between(lastBeat, clock.instant()).compareTo(settings.heartbeat()) >= 0
                    && heartbeat(clock.instant()) == ReportTaskRepository.Heartbeat.LOST) {
                log.warn("report task {}: claim lost before upload; not storing", task.id());
                return;
            }
            storage.put(key, file, ReportStorage.XLSX, ReportKeys.downloadName(task.type(), task.createdAt()));
        } catch (IOException | RuntimeException e) {
            failed(e);
            return;
        }
        recordSuccess(Optional.of(
                new ReportTaskEnds.StoredFile(key, size, clock.instant().plus(settings.fileRetention()))));
    }

    /**
     * Writes the SUCCESS with the held submission (one commit), or hands it to the group commit of results (a slot
     * does not wait for its WAL flush), or writes it.
     */
    private void recordSuccess(Optional<ReportTaskEnds.StoredFile> file) {
        var success = new ReportTaskEnds.Success(task.id(), task.fencingToken(), file);
        if (held != null) {
            try {
                if (held.succeed(success, clock.instant()).isPresent()) {
                    log.info("report task {} SUCCESS, inserted as it ended", task.id());
                    return;
                }
            } catch (RuntimeException e) {
                log.warn(
                        "report task {}: its submission and result not committed ({}); its submitter was told",
                        task.id(),
                        e.toString());
                return;
            }
        }
        (writesOwnSuccess ? results.writeOrSubmit(success) : results.submit(success)).whenComplete((won, error) -> {
            if (error != null) {
                log.warn(
                        "report task {}: result not written ({}); its lease will bring it back",
                        task.id(),
                        error.toString());
            } else if (won) {
                log.info(
                        "report task {} SUCCESS{}",
                        task.id(),
                        file.map(f -> ": " + f.key() + " (" + f.sizeBytes() + " bytes)")
                                .orElse(""));
            } else {
                log.warn(
                        "report task {}: result not accepted, claim {} is no longer current",
                        task.id(),
                        task.fencingToken());
            }
        });
    }

    void failed(Throwable failure) {
        ReportErrorCode.Failure classified = ReportErrorCode.classify(failure);
        ReportErrorCode code = classified.code();
        String error = classified.detail();
        // Bad parameters and data that cannot give a correct report (a missing rate) fail at once: a retry
        // would meet the same data. Only transient faults (I/O, a database hiccup) are retried.
        boolean permanent = isPermanent(failure);
        if (!permanent && task.attempts() < task.maxAttempts()) {
            Instant retryAt = clock.instant().plus(settings.backoffAfter(task.attempts()));
            log.warn(
                    "report task {} attempt {} failed, retrying at {}: {}", task.id(), task.attempts(), retryAt, error);
            finish(() -> ends.retryLater(task.id(), task.fencingToken(), code, error, retryAt, clock.instant()));
        } else {
            log.error("report task {} failed for good after {} attempts: {}", task.id(), task.attempts(), error);
            finish(() -> ends.finishWithout(
                    task.id(),
                    task.fencingToken(),
                    ReportState.FAILURE,
                    !permanent,
                    code,
                    error,
                    "FAILURE",
                    clock.instant()));
        }
    }

    /**
     * Inserts the held submission, if any, claimed, before anything of this run is written or seen by others. False
     * when it is lost (its insert failed or was refused; its submitter was told): the run stops and writes nothing.
     */
    boolean releaseHeld() {
        if (held == null) {
            return true;
        }
        try {
            held.release();
            return true;
        } catch (RuntimeException e) {
            stop.compareAndSet(null, Stop.LEASE_LOST);
            log.warn(
                    "report task {}: its submission not committed ({}); the run stops, its submitter was told",
                    task.id(),
                    e.toString());
            return false;
        }
    }

    /** Writes the report's progress, the held submission first; a claim found lost stops the run. */
    void progress(long current, long total, String status, Instant now) {
        if (!releaseHeld()) {
            return;
        }
        try {
            if (!tasks.progress(task.id(), task.fencingToken(), current, total, status, now)) {
                stop.compareAndSet(null, Stop.LEASE_LOST);
            }
        } catch (RuntimeException e) {
            log.debug("report task {}: progress not written ({})", task.id(), e.toString());
        }
    }

    /** Extends the claim's lease; an outage counts as held (if it outlasts the lease, the fencing token decides). */
    ReportTaskRepository.Heartbeat heartbeat(Instant now) {
        try {
            ReportTaskRepository.Heartbeat beat =
                    tasks.heartbeat(task.id(), task.fencingToken(), now.plus(settings.lease()));
            if (beat != ReportTaskRepository.Heartbeat.LOST) {
                lastBeat = now;
            }
            return beat;
        } catch (RuntimeException e) {
            log.warn("report task {}: heartbeat failed ({})", task.id(), e.toString());
            return ReportTaskRepository.Heartbeat.HELD;
        }
    }

    /**
     * Writes a result, waiting out a PostgreSQL outage. Gives up only when the daemon stops; the lease
     * then brings the task back.
     */
    private boolean finish(BooleanSupplier write) {
        try {
            return OutageRetry.untilWritten(
                    "report task " + task.id() + " result",
                    () -> !running.getAsBoolean() && stop.get() != null,
                    write::getAsBoolean);
        } catch (RuntimeException e) {
            log.warn("report task {}: result not written before shutdown ({})", task.id(), e.toString());
            return false;
        }
    }

    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidReportParameterException || t instanceof ReportDataException) {
                return true;
            }
        }
        return false;
    }
}
