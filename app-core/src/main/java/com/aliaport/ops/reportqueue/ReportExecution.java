package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.GroupCommit;
import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportDataException;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.report.ReportStoppedException;
import com.aliaport.ops.reportqueue.db.HeldSubmission;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.storage.ReportKeys;
import com.aliaport.ops.storage.ReportStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed attempt of one task: runs the report body in the thread it is given (a slot's, or the one a direct
 * hand-over runs in); a report that outlasts its quick window is supervised from another thread, which heartbeats
 * the claim, enforces cancel and the soft and hard limits and leaves the body's thread behind at the hard limit.
 * Stores the file and records the one result (a SUCCESS through the node's group commit of results, any other end at
 * once).
 */
final class ReportExecution {
    private static final Logger log = LoggerFactory.getLogger(ReportExecution.class);

    /** What every attempt on a node works with. */
    record Workshop(
            ReportTaskRepository tasks,
            ReportStorage storage,
            Map<String, ReportBuilder> builders,
            ReportQueueSettings settings,
            Clock clock,
            String nodeId,
            Path scratch,
            GroupCommit<ReportTaskRepository.Success, Boolean> results,
            BooleanSupplier running) {}

    private final ReportTaskRepository tasks;
    private final ReportStorage storage;
    private final Map<String, ReportBuilder> builders;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private final String nodeId;
    private final Path scratch;
    private final GroupCommit<ReportTaskRepository.Success, Boolean> results;
    private final BooleanSupplier running;

    private enum Stop {
        CANCELLED,
        SOFT_LIMIT,
        LEASE_LOST,
        SHUTDOWN
    }

    private final ReportTask task;
    private final String consumer;
    /** Set by {@link #runHere}: a SUCCESS is written by the finishing thread when the results' writer is idle. */
    private boolean writesOwnSuccess;
    /** Set by {@link #runHere}: the task's submission, held back until the SUCCESS or a {@link #releaseHeld}. */
    private HeldSubmission held;

    private final AtomicReference<Stop> stop = new AtomicReference<>();
    /** When the claim was last confirmed (claim or heartbeat). */
    private Instant lastBeat;

    ReportExecution(Workshop shop, ReportTask task, String consumer) {
        this.tasks = shop.tasks();
        this.storage = shop.storage();
        this.builders = shop.builders();
        this.settings = shop.settings();
        this.clock = shop.clock();
        this.nodeId = shop.nodeId();
        this.scratch = shop.scratch();
        this.results = shop.results();
        this.running = shop.running();
        this.task = task;
        this.consumer = consumer;
        this.lastBeat = task.startedAt().orElse(Instant.MIN);
    }

    /** The end of a task whose type this node has no builder for: FAILURE, dead-lettered (no retry would help). */
    private void noBuilder() {
        finish(() -> tasks.finishWithout(
                task.id(),
                task.fencingToken(),
                ReportState.FAILURE,
                true,
                ReportErrorCode.INTERNAL,
                "no report builder for type " + task.type() + " on node " + nodeId,
                "FAILURE",
                clock.instant()));
    }

    private Path scratchFile() throws IOException {
        try {
            Files.createDirectories(scratch);
            return Files.createTempFile(scratch, "report-" + task.id() + "-", ".xlsx");
        } catch (IOException e) {
            throw new IOException("cannot create a scratch file in " + scratch + ": " + e.getMessage(), e);
        }
    }

    private void deleteScratch(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("report task {}: scratch file {} left behind: {}", task.id(), file, e.getMessage());
        }
    }

    /**
     * Runs the attempt in the calling thread, report included, for a task handed over directly to an idle slot: no
     * hand-over to another thread and back. If the report is still running after {@code quick}, {@code watchdog}
     * starts its supervision (heartbeats, cancel, the soft and hard limits) in a thread of its own, which then
     * records the result; otherwise this thread does. Either writes a SUCCESS itself when the results' writer is idle
     * (the node was idle: a waiter is likely waiting, and no slot is held up by the commit). {@code done} runs once,
     * when the attempt is concluded (or abandoned at its hard limit). {@code held}: the task's submission held back
     * ({@link HeldSubmission}), inserted as it ended with a quick SUCCESS, or claimed before anything else is
     * written; or null.
     */
    void runHere(LateSupervision watchdog, Duration quick, HeldSubmission held, Runnable done) {
        writesOwnSuccess = true;
        this.held = held;
        runInPlace(watchdog, quick, null, done, () -> {});
    }

    /**
     * Runs the attempt of a task a slot took from the queue in the slot's own thread, report included, as
     * {@link #runHere} does (slots used to hand each body to a report thread and wait: two thread wake-ups a task).
     * If the report outlasts {@code quick}, its supervision starts in a thread of its own, which first calls
     * {@code whenLate} (the slot gives back the tasks it claimed behind it), then records the result. {@code stuck}
     * is called from there when the supervision ends and leaves the report running in the slot's thread (its hard
     * limit passed, its claim lost, a stop request ignored): the slot needs another thread.
     */
    void runInSlot(LateSupervision watchdog, Duration quick, Runnable whenLate, Runnable stuck) {
        runInPlace(watchdog, quick, whenLate, () -> {}, stuck);
    }

    private void runInPlace(
            LateSupervision watchdog, Duration quick, Runnable whenLate, Runnable done, Runnable stuck) {
        ReportBuilder builder = builders.get(task.type());
        if (builder == null) {
            try {
                if (releaseHeld()) {
                    noBuilder();
                }
            } finally {
                done.run();
            }
            return;
        }
        Path file;
        try {
            file = builder.producesFile() ? scratchFile() : null;
        } catch (IOException e) {
            try {
                if (releaseHeld()) {
                    failed(e);
                }
            } finally {
                done.run();
            }
            return;
        }
        log.debug("report task {} ({}) attempt {} started on {}", task.id(), task.type(), task.attempts(), consumer);
        Instant started = clock.instant();
        CompletableFuture<Void> body = new CompletableFuture<>();
        AtomicReference<Thread> runner = new AtomicReference<>();
        LateSupervision.Watch watch = watchdog.watch(quick, body::isDone, () -> {
            if (whenLate != null) {
                whenLate.run();
            }
            boolean record = releaseHeld() && superviseUntilEnded(started, body, runner);
            if (runner.get() != null) {
                stuck.run();
            }
            end(record, body, file, done);
        });
        String name = Thread.currentThread().getName();
        try {
            body(builder, file, body, runner).run();
        } finally {
            Thread.currentThread().setName(name);
        }
        if (watch.standDown()) {
            end(true, body, file, done);
        }
    }

    /** Ends a direct run: its result recorded if {@code record}, its scratch file removed, {@code done} run. */
    private void end(boolean record, CompletableFuture<Void> body, Path file, Runnable done) {
        try {
            if (record) {
                conclude(body, file);
            }
        } finally {
            deleteScratch(file);
            done.run();
        }
    }

    /** The report body: writes the report, completes {@code body}, and is interruptible through {@code runner}. */
    private Runnable body(
            ReportBuilder builder, Path file, CompletableFuture<Void> body, AtomicReference<Thread> runner) {
        return () -> {
            runner.set(Thread.currentThread());
            Thread.currentThread().setName("report-" + task.id());
            Throwable failure = null;
            try (OutputStream out = file == null ? OutputStream.nullOutputStream() : Files.newOutputStream(file)) {
                builder.write(task.parameters(), out, new Progress(this::stopRequested));
            } catch (Throwable t) {
                failure = t;
            } finally {
                // Under the runner's lock, as the supervisor's interrupt: none reaches this thread once the body
                // returned (a slot's thread goes on to its next task). Cleared before the body is told done, so
                // that a supervisor that sees it done and the runner still set knows the thread is left in it.
                synchronized (runner) {
                    runner.set(null);
                    Thread.interrupted();
                }
            }
            if (failure == null) {
                body.complete(null);
            } else {
                body.completeExceptionally(failure);
            }
        };
    }

    /**
     * Supervises the running report until it ends: heartbeats, cancel, the soft and hard limits. True when the
     * caller is to record its result; false when that is done or must not be (hard limit, claim lost, interrupted).
     */
    private boolean superviseUntilEnded(Instant started, CompletableFuture<Void> body, AtomicReference<Thread> runner) {
        Instant softAt = started.plus(settings.softLimit());
        Instant hardAt = started.plus(settings.hardLimit());
        Instant cancelDeadline = null;
        Runnable interrupt = () -> {
            synchronized (runner) {
                Thread t = runner.get();
                if (t != null) {
                    t.interrupt();
                }
            }
        };
        while (true) {
            try {
                body.get(settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException stillRunning) {
                Instant now = clock.instant();
                if (!now.isBefore(hardAt)) {
                    interrupt.run();
                    log.warn(
                            "report task {} passed its hard limit of {} s; abandoned, slot freed",
                            task.id(),
                            settings.hardLimit().toSeconds());
                    timedOut("the report passed its hard limit of "
                            + settings.hardLimit().toSeconds() + " s");
                    return false;
                }
                if (!now.isBefore(softAt) && stop.compareAndSet(null, Stop.SOFT_LIMIT)) {
                    log.warn(
                            "report task {} passed its soft limit of {} s, asking it to stop",
                            task.id(),
                            settings.softLimit().toSeconds());
                    interrupt.run();
                }
                if (!running.getAsBoolean()) {
                    stop.compareAndSet(null, Stop.SHUTDOWN);
                }
                ReportTaskRepository.Heartbeat beat = heartbeat(now);
                if (beat == ReportTaskRepository.Heartbeat.LOST) {
                    stop.compareAndSet(null, Stop.LEASE_LOST);
                    interrupt.run();
                    log.warn(
                            "report task {}: claim {} lost to another worker; result will not be written",
                            task.id(),
                            task.fencingToken());
                    return false;
                }
                if (beat == ReportTaskRepository.Heartbeat.CANCEL_REQUESTED
                        && stop.compareAndSet(null, Stop.CANCELLED)) {
                    log.info("report task {}: cancel requested, asking the report to stop", task.id());
                }
                if (stop.get() == Stop.CANCELLED || stop.get() == Stop.SHUTDOWN) {
                    if (cancelDeadline == null) {
                        cancelDeadline = now.plus(settings.cancelGrace());
                    } else if (!now.isBefore(cancelDeadline)) {
                        // The report ignored the request: abandon its thread so the slot is free again.
                        interrupt.run();
                        body.completeExceptionally(new ReportStoppedException("abandoned"));
                    }
                }
            } catch (ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Records the result of a report that ended (or was stopped), from its outcome and the reason it stopped. */
    private void conclude(CompletableFuture<Void> body, Path file) {
        Throwable failure = body.isCompletedExceptionally() ? causeOf(body) : null;
        Stop reason = stop.get();
        // Only a SUCCESS without a file is written with a held submission; before an upload or any other end, the
        // submission is committed alone.
        boolean plainSuccess = failure == null && reason == null && file == null;
        if (reason == Stop.LEASE_LOST || (!plainSuccess && !releaseHeld())) {
            return;
        }
        if (reason == Stop.CANCELLED) {
            finish(() -> tasks.cancelClaimed(task.id(), task.fencingToken(), clock.instant()));
            log.info("report task {} cancelled", task.id());
            return;
        }
        if (reason == Stop.SHUTDOWN && failure != null) {
            // Not the report's fault: try again soon on this node or another.
            finish(() -> tasks.retryLater(
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
    private void timedOut(String why) {
        finish(() -> tasks.finishWithout(
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
                new ReportTaskRepository.StoredFile(key, size, clock.instant().plus(settings.fileRetention()))));
    }

    /**
     * Writes the SUCCESS with the held submission (one commit), or hands it to the group commit of results (a slot
     * does not wait for its WAL flush), or writes it.
     */
    private void recordSuccess(Optional<ReportTaskRepository.StoredFile> file) {
        var success = new ReportTaskRepository.Success(task.id(), task.fencingToken(), file);
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

    private void failed(Throwable failure) {
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
            finish(() -> tasks.retryLater(task.id(), task.fencingToken(), code, error, retryAt, clock.instant()));
        } else {
            log.error("report task {} failed for good after {} attempts: {}", task.id(), task.attempts(), error);
            finish(() -> tasks.finishWithout(
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
    private boolean releaseHeld() {
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

    private ReportTaskRepository.Heartbeat heartbeat(Instant now) {
        try {
            ReportTaskRepository.Heartbeat beat =
                    tasks.heartbeat(task.id(), task.fencingToken(), now.plus(settings.lease()));
            if (beat != ReportTaskRepository.Heartbeat.LOST) {
                lastBeat = now;
            }
            return beat;
        } catch (RuntimeException e) {
            // PostgreSQL away: keep working; if the outage outlasts the lease, the fencing token decides.
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

    private boolean stopRequested() {
        return stop.get() != null;
    }

    /** Progress for the report: kept in memory, written at most every {@code progressInterval}. */
    private final class Progress implements ReportProgress {
        private final BooleanSupplier stopRequested;
        private Instant lastWrite = Instant.MIN;

        Progress(BooleanSupplier stopRequested) {
            this.stopRequested = stopRequested;
        }

        @Override
        public void update(long current, long total, String status) {
            Instant now = clock.instant();
            if (Duration.between(lastWrite, now).compareTo(settings.progressInterval()) < 0 && current < total) {
                return;
            }
            lastWrite = now;
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

        @Override
        public boolean stopRequested() {
            return stopRequested.getAsBoolean();
        }
    }

    private static Throwable causeOf(CompletableFuture<Void> f) {
        try {
            f.join();
            return null;
        } catch (CompletionException | CancellationException e) {
            return e.getCause() == null ? e : e.getCause();
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
