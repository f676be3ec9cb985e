package com.aliaport.ops.jobrun;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job under its time limits and records it in {@code job_runs}: RUNNING while it runs, then
 * SUCCEEDED, SKIPPED, FAILED, RETRYING or TIMED_OUT. Every start, whatever its kind, first takes the job's
 * {@link RunGuard}: a start refused by it (another run of the job is under way somewhere) is recorded SKIPPED and
 * not run. Past the soft limit the job is asked to stop (flag and interrupt); past the hard limit it is recorded
 * TIMED_OUT and abandoned, so that its caller's slot is free again, but the guard stays held until its thread
 * really ends: no other run of the job starts meanwhile. A start that PostgreSQL does not answer throws
 * {@link JobNotStartedException}: nothing ran, so the caller may try it again.
 */
public final class JobRunExecutor {
    private static final Logger log = LoggerFactory.getLogger(JobRunExecutor.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final JobRunRepository runs;
    private final RunGuard guard;
    private final Clock clock;
    private final String nodeId;
    private final JobRunListener listener;

    public JobRunExecutor(JobRunRepository runs, RunGuard guard, Clock clock, String nodeId, JobRunListener listener) {
        this.runs = runs;
        this.guard = guard;
        this.clock = clock;
        this.nodeId = nodeId;
        this.listener = listener;
    }

    public record Limits(Duration soft, Duration hard) {
        public Limits {
            if (hard.compareTo(soft) < 0) {
                throw new IllegalArgumentException("hard limit below soft limit");
            }
        }
    }

    /** One run to execute; {@code retryOnFailure} decides between RETRYING and FAILED. */
    public record Request(
            String jobId,
            TriggerKind kind,
            Instant scheduledAt,
            int attempt,
            Optional<String> fireId,
            Map<String, String> parameters,
            Limits limits,
            boolean retryOnFailure) {}

    /**
     * What happened; {@code runId} is empty when the firing was a duplicate and did not run. {@code abandoned}: the
     * run passed its hard limit and its thread may still be working (its guard is held until it ends), so it must
     * not be retried.
     */
    public record Outcome(
            Optional<Long> runId, JobRunStatus status, String message, Optional<Throwable> error, boolean abandoned) {
        public Outcome(Optional<Long> runId, JobRunStatus status, String message, Optional<Throwable> error) {
            this(runId, status, message, error, false);
        }

        public boolean duplicate() {
            return runId.isEmpty();
        }
    }

    public Outcome execute(Request request, JobTask task, BooleanSupplier externalStop) {
        Instant started = clock.instant();
        JobRunRepository.NewRun newRun = new JobRunRepository.NewRun(
                request.jobId(),
                request.kind(),
                request.scheduledAt(),
                started,
                request.attempt(),
                nodeId,
                request.fireId(),
                request.parameters());
        Optional<RunGuard.Held> held;
        try {
            held = guard.tryAcquire(request.jobId());
            if (held.isEmpty()) {
                return refused(request, newRun);
            }
        } catch (RuntimeException e) {
            throw new JobNotStartedException(request.jobId(), e);
        }
        // Released when both the outcome is recorded and the run's thread has ended, whichever comes last.
        ReleaseAfterBoth release = new ReleaseAfterBoth(held.get());
        Optional<Long> maybeId;
        try {
            maybeId = runs.start(newRun);
        } catch (RuntimeException e) {
            release.all();
            throw new JobNotStartedException(request.jobId(), e);
        }
        if (maybeId.isEmpty()) {
            release.all();
            log.warn(
                    "{}: firing {} already recorded, not running it twice",
                    request.jobId(),
                    request.fireId().orElse("?"));
            return new Outcome(Optional.empty(), JobRunStatus.SKIPPED, "duplicate firing", Optional.empty());
        }
        long runId = maybeId.get();
        log.info("{} run {} started ({}, attempt {})", request.jobId(), runId, request.kind(), request.attempt());
        closeOrphans(request, runId);

        AtomicBoolean stop = new AtomicBoolean();
        Context context = new Context(runId, request, () -> stop.get() || externalStop.getAsBoolean());
        CompletableFuture<JobResult> body = new CompletableFuture<>();
        Thread worker;
        try {
            worker = Thread.ofPlatform()
                    .name("job-" + request.jobId() + "-" + runId)
                    .daemon(true)
                    .start(() -> {
                        try {
                            body.complete(task.run(context));
                        } catch (Throwable t) {
                            body.completeExceptionally(t);
                        } finally {
                            release.threadEnded();
                        }
                    });
        } catch (RuntimeException | Error e) {
            release.all();
            throw e;
        }

        try {
            Outcome outcome = await(request, runId, body, worker, stop, externalStop);
            runs.finish(
                    runId,
                    outcome.status(),
                    clock.instant(),
                    outcome.message(),
                    outcome.error().map(JobRunExecutor::describe).orElse(null));
            Duration took = Duration.between(started, clock.instant());
            log.info(
                    "{} run {} {} in {} ms: {}",
                    request.jobId(),
                    runId,
                    outcome.status(),
                    took.toMillis(),
                    outcome.message());
            listener.runFinished(request.jobId(), request.kind(), outcome.status(), took, outcome.message());
            return outcome;
        } finally {
            release.outcomeRecorded();
        }
    }

    /** Another run holds the job's guard: a SKIPPED row naming it, and nothing runs. */
    private Outcome refused(Request request, JobRunRepository.NewRun newRun) {
        String holder = runs.runningOf(request.jobId())
                .map(r -> "run " + r.id() + " of " + r.jobId() + " is still running"
                        + r.nodeId().map(n -> " on " + n).orElse(""))
                .orElse("an earlier run of " + request.jobId()
                        + " is still working (abandoned at its hard time limit, or just ending)");
        String message = "not started: " + holder + "; one run of a job at a time";
        Optional<Long> id = runs.recordRefused(newRun, message);
        if (id.isEmpty()) {
            log.warn(
                    "{}: firing {} already recorded, not running it twice",
                    request.jobId(),
                    request.fireId().orElse("?"));
            return new Outcome(Optional.empty(), JobRunStatus.SKIPPED, "duplicate firing", Optional.empty());
        }
        log.warn("{} run {} ({}) {}", request.jobId(), id.get(), request.kind(), message);
        listener.runRefused(request.jobId(), request.kind(), message);
        return new Outcome(id, JobRunStatus.SKIPPED, message, Optional.empty());
    }

    /** Holding the guard, any other RUNNING row of the job was left by a process that died mid-run. */
    private void closeOrphans(Request request, long runId) {
        String error = request.kind() == TriggerKind.RECOVERY
                ? "the node running it stopped answering; recovered on " + nodeId
                : "its process ended without recording an end; closed by run " + runId + " on " + nodeId;
        try {
            int orphans = runs.failOrphans(request.jobId(), runId, clock.instant(), error);
            if (orphans > 0) {
                log.warn("{}: {} RUNNING row(s) of dead processes closed as FAILED", request.jobId(), orphans);
            }
        } catch (RuntimeException e) {
            // Only history: the run goes ahead, and the next run of the job closes them.
            log.warn("{}: cannot close RUNNING rows of dead processes: {}", request.jobId(), e.getMessage());
        }
    }

    /** Releases the guard on the second of two events: the outcome recorded, the run's thread ended. */
    private static final class ReleaseAfterBoth {
        private final RunGuard.Held held;
        private final AtomicInteger pending = new AtomicInteger(2);

        ReleaseAfterBoth(RunGuard.Held held) {
            this.held = held;
        }

        void outcomeRecorded() {
            countDown();
        }

        void threadEnded() {
            countDown();
        }

        void all() {
            held.release();
        }

        private void countDown() {
            if (pending.decrementAndGet() == 0) {
                held.release();
            }
        }
    }

    private Outcome await(
            Request request,
            long runId,
            CompletableFuture<JobResult> body,
            Thread worker,
            AtomicBoolean stop,
            BooleanSupplier externalStop) {
        Duration soft = request.limits().soft();
        Duration hard = request.limits().hard();
        boolean softHit = false;
        try {
            JobResult result = waitFor(body, soft, externalStop, stop, worker);
            return new Outcome(Optional.of(runId), result.status(), result.message(), Optional.empty());
        } catch (TimeoutException softTimeout) {
            softHit = true;
            log.warn(
                    "{} run {} passed its soft limit of {} s, asking it to stop",
                    request.jobId(),
                    runId,
                    soft.toSeconds());
            stop.set(true);
            worker.interrupt();
        } catch (ExecutionException e) {
            return failed(request, runId, e.getCause());
        }
        try {
            body.get(hard.minus(soft).toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(
                    Optional.of(runId),
                    JobRunStatus.TIMED_OUT,
                    "stopped at the soft time limit of " + soft.toSeconds() + " s",
                    Optional.empty());
        } catch (TimeoutException hardTimeout) {
            log.warn(
                    "{} run {} ignored the stop request: abandoned at its hard limit; its thread keeps the job's"
                            + " run guard until it ends",
                    request.jobId(),
                    runId);
            return new Outcome(
                    Optional.of(runId),
                    JobRunStatus.TIMED_OUT,
                    "abandoned at the hard time limit of " + hard.toSeconds()
                            + " s; no other run of the job starts until its thread ends",
                    Optional.empty(),
                    true);
        } catch (ExecutionException e) {
            return new Outcome(
                    Optional.of(runId),
                    JobRunStatus.TIMED_OUT,
                    "stopped at the soft time limit of " + soft.toSeconds() + " s",
                    Optional.of(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(
                    Optional.of(runId),
                    softHit ? JobRunStatus.TIMED_OUT : JobRunStatus.FAILED,
                    "interrupted while stopping",
                    Optional.of(e),
                    !body.isDone());
        }
    }

    /** Waits for the body up to {@code soft}; an external stop (shutdown) interrupts the body at once. */
    private static JobResult waitFor(
            CompletableFuture<JobResult> body,
            Duration soft,
            BooleanSupplier externalStop,
            AtomicBoolean stop,
            Thread worker)
            throws TimeoutException, ExecutionException {
        long deadline = System.nanoTime() + soft.toNanos();
        boolean interrupted = false;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                return body.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException tick) {
                if (!interrupted && externalStop.getAsBoolean()) {
                    stop.set(true);
                    worker.interrupt();
                    interrupted = true;
                }
            } catch (InterruptedException e) {
                // Quartz interrupts the adapter thread on shutdown: pass it on to the body.
                stop.set(true);
                worker.interrupt();
                interrupted = true;
            }
        }
    }

    private Outcome failed(Request request, long runId, Throwable cause) {
        if (cause instanceof JobStoppedException) {
            return new Outcome(
                    Optional.of(runId), JobRunStatus.FAILED, "stopped: " + cause.getMessage(), Optional.of(cause));
        }
        JobRunStatus status = request.retryOnFailure() ? JobRunStatus.RETRYING : JobRunStatus.FAILED;
        log.error("{} run {} failed: {}", request.jobId(), runId, cause.toString(), cause);
        return new Outcome(Optional.of(runId), status, oneLine(cause), Optional.of(cause));
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        return text.lines().findFirst().orElse(text);
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            sb.append("\ncaused by: ").append(c);
        }
        return sb.toString();
    }

    private final class Context implements JobContext {
        private final long runId;
        private final Request request;
        private final BooleanSupplier stop;
        private volatile Instant lastProgress = Instant.EPOCH;

        Context(long runId, Request request, BooleanSupplier stop) {
            this.runId = runId;
            this.request = request;
            this.stop = stop;
        }

        @Override
        public long runId() {
            return runId;
        }

        @Override
        public String jobId() {
            return request.jobId();
        }

        @Override
        public TriggerKind triggerKind() {
            return request.kind();
        }

        @Override
        public int attempt() {
            return request.attempt();
        }

        @Override
        public Instant scheduledAt() {
            return request.scheduledAt();
        }

        @Override
        public Map<String, String> parameters() {
            return request.parameters();
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void progress(long current, long total, String message) {
            Instant now = clock.instant();
            if (current < total && Duration.between(lastProgress, now).compareTo(PROGRESS_INTERVAL) < 0) {
                return;
            }
            lastProgress = now;
            runs.progress(runId, current, total, message, now);
        }

        @Override
        public boolean stopRequested() {
            return stop.getAsBoolean();
        }
    }
}
