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
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job under its time limits and records it in {@code job_runs}: RUNNING while it runs, then
 * SUCCEEDED, SKIPPED, FAILED, RETRYING or TIMED_OUT. Past the soft limit the job is asked to stop (flag and
 * interrupt); past the hard limit it is recorded TIMED_OUT and abandoned so that its slot is free again.
 */
public final class JobRunExecutor {
    private static final Logger log = LoggerFactory.getLogger(JobRunExecutor.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final JobRunRepository runs;
    private final Clock clock;
    private final String nodeId;
    private final JobRunListener listener;

    public JobRunExecutor(JobRunRepository runs, Clock clock, String nodeId, JobRunListener listener) {
        this.runs = runs;
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

    /** What happened; {@code runId} is empty when the firing was a duplicate and did not run. */
    public record Outcome(Optional<Long> runId, JobRunStatus status, String message, Optional<Throwable> error) {
        public boolean duplicate() {
            return runId.isEmpty();
        }
    }

    public Outcome execute(Request request, JobTask task, BooleanSupplier externalStop) {
        Instant started = clock.instant();
        Optional<Long> maybeId = runs.start(new JobRunRepository.NewRun(
                request.jobId(),
                request.kind(),
                request.scheduledAt(),
                started,
                request.attempt(),
                nodeId,
                request.fireId(),
                request.parameters()));
        if (maybeId.isEmpty()) {
            log.warn(
                    "{}: firing {} already recorded, not running it twice",
                    request.jobId(),
                    request.fireId().orElse("?"));
            return new Outcome(Optional.empty(), JobRunStatus.SKIPPED, "duplicate firing", Optional.empty());
        }
        long runId = maybeId.get();
        log.info("{} run {} started ({}, attempt {})", request.jobId(), runId, request.kind(), request.attempt());

        AtomicBoolean stop = new AtomicBoolean();
        Context context = new Context(runId, request, () -> stop.get() || externalStop.getAsBoolean());
        CompletableFuture<JobResult> body = new CompletableFuture<>();
        Thread worker = Thread.ofPlatform()
                .name("job-" + request.jobId() + "-" + runId)
                .daemon(true)
                .start(() -> {
                    try {
                        body.complete(task.run(context));
                    } catch (Throwable t) {
                        body.completeExceptionally(t);
                    }
                });

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
            return new Outcome(
                    Optional.of(runId),
                    JobRunStatus.TIMED_OUT,
                    "abandoned at the hard time limit of " + hard.toSeconds() + " s; its slot is free again",
                    Optional.empty());
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
                    Optional.of(e));
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
