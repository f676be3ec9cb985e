package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.GroupCommit;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.report.ReportStoppedException;
import com.aliaport.ops.reportqueue.db.HeldSubmission;
import com.aliaport.ops.reportqueue.db.ReportTaskEnds;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.storage.ReportStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
 * What the attempt writes (its file, its one result, its progress and heartbeats) is {@link AttemptOutcome}'s.
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
            GroupCommit<ReportTaskEnds.Success, Boolean> results,
            BooleanSupplier running) {}

    /** Why the report was asked to stop; set by the supervision and by what the attempt learns as it writes. */
    enum Stop {
        CANCELLED,
        SOFT_LIMIT,
        LEASE_LOST,
        SHUTDOWN
    }

    private final Workshop shop;
    private final Map<String, ReportBuilder> builders;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private final Path scratch;
    private final BooleanSupplier running;
    private final ReportTask task;
    private final String consumer;
    private final AtomicReference<Stop> stop = new AtomicReference<>();

    ReportExecution(Workshop shop, ReportTask task, String consumer) {
        this.shop = shop;
        this.builders = shop.builders();
        this.settings = shop.settings();
        this.clock = shop.clock();
        this.scratch = shop.scratch();
        this.running = shop.running();
        this.task = task;
        this.consumer = consumer;
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
        runInPlace(new AttemptOutcome(shop, task, stop, true, held), watchdog, quick, null, done, () -> {});
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
        runInPlace(new AttemptOutcome(shop, task, stop, false, null), watchdog, quick, whenLate, () -> {}, stuck);
    }

    private void runInPlace(
            AttemptOutcome outcome,
            LateSupervision watchdog,
            Duration quick,
            Runnable whenLate,
            Runnable done,
            Runnable stuck) {
        ReportBuilder builder = builders.get(task.type());
        if (builder == null) {
            try {
                if (outcome.releaseHeld()) {
                    outcome.noBuilder();
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
                if (outcome.releaseHeld()) {
                    outcome.failed(e);
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
            boolean record = outcome.releaseHeld() && superviseUntilEnded(outcome, started, body, runner);
            if (runner.get() != null) {
                stuck.run();
            }
            end(outcome, record, body, file, done);
        });
        String name = Thread.currentThread().getName();
        try {
            body(builder, file, body, runner, outcome).run();
        } finally {
            Thread.currentThread().setName(name);
        }
        if (watch.standDown()) {
            end(outcome, true, body, file, done);
        }
    }

    /** Ends a direct run: its result recorded if {@code record}, its scratch file removed, {@code done} run. */
    private void end(AttemptOutcome outcome, boolean record, CompletableFuture<Void> body, Path file, Runnable done) {
        try {
            if (record) {
                outcome.conclude(body.isCompletedExceptionally() ? causeOf(body) : null, file);
            }
        } finally {
            deleteScratch(file);
            done.run();
        }
    }

    /** The report body: writes the report, completes {@code body}, and is interruptible through {@code runner}. */
    private Runnable body(
            ReportBuilder builder,
            Path file,
            CompletableFuture<Void> body,
            AtomicReference<Thread> runner,
            AttemptOutcome outcome) {
        return () -> {
            runner.set(Thread.currentThread());
            Thread.currentThread().setName("report-" + task.id());
            Throwable failure = null;
            try (OutputStream out = file == null ? OutputStream.nullOutputStream() : Files.newOutputStream(file)) {
                builder.write(task.parameters(), out, new Progress(outcome));
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
    private boolean superviseUntilEnded(
            AttemptOutcome outcome, Instant started, CompletableFuture<Void> body, AtomicReference<Thread> runner) {
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
                    outcome.timedOut("the report passed its hard limit of "
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
                ReportTaskRepository.Heartbeat beat = outcome.heartbeat(now);
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

    private boolean stopRequested() {
        return stop.get() != null;
    }

    /** Progress for the report: kept in memory, written at most every {@code progressInterval}. */
    private final class Progress implements ReportProgress {
        private final AttemptOutcome outcome;
        private Instant lastWrite = Instant.MIN;

        Progress(AttemptOutcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public void update(long current, long total, String status) {
            Instant now = clock.instant();
            if (Duration.between(lastWrite, now).compareTo(settings.progressInterval()) < 0 && current < total) {
                return;
            }
            lastWrite = now;
            outcome.progress(current, total, status, now);
        }

        @Override
        public boolean stopRequested() {
            return ReportExecution.this.stopRequested();
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
}
