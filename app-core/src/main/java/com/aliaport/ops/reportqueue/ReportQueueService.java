package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.reportqueue.db.ReportTaskAdmissions;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What callers do with report tasks (HTTP API, CLI, console): submit, read, cancel, requeue, wait. A
 * submission is validated and checked against the backlog limit and an earlier request under its idempotency key
 * here, then written to PostgreSQL and handed to the transport by {@link SubmissionWriter} (if Redis is away at
 * that moment the reconciler hands it over later): together with those that arrive with it, or directly to a
 * worker slot of this node that waits for work ({@link LocalSlots}), not through Redis.
 */
public final class ReportQueueService implements AutoCloseable {
    private static final Duration BACKLOG_RETRY_AFTER = Duration.ofSeconds(30);

    private final ReportTaskRepository tasks;
    private final Map<String, ReportBuilder> builders;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private final OpenTaskCount backlog;
    private final SubmissionWriter writer;
    private final ReportEvents events;
    private volatile Duration awaitPoll = Duration.ofMillis(200);

    public ReportQueueService(
            ReportTaskRepository tasks,
            ReportQueue queue,
            Collection<ReportBuilder> builders,
            ReportQueueSettings settings,
            Clock clock) {
        this(tasks, queue, builders, settings, clock, LocalSlots.NONE, ReportEvents.NONE);
    }

    /**
     * With this node's worker slots, to which submissions written while one of them waits go directly, and the
     * task changes told to this process, which wake {@link #await} and {@link #submitAndAwait}.
     */
    public ReportQueueService(
            ReportTaskRepository tasks,
            ReportQueue queue,
            Collection<ReportBuilder> builders,
            ReportQueueSettings settings,
            Clock clock,
            LocalSlots localSlots,
            ReportEvents events) {
        this.tasks = tasks;
        this.events = events;
        this.builders = builders.stream()
                .collect(Collectors.toMap(
                        ReportBuilder::type,
                        Function.identity(),
                        (a, b) -> {
                            throw new IllegalArgumentException("two report builders for type " + a.type());
                        },
                        LinkedHashMap::new));
        this.settings = settings;
        this.clock = clock;
        this.backlog = new OpenTaskCount(tasks::countOpen, settings.backlogLimit());
        this.writer = new SubmissionWriter(tasks, queue, settings, clock, backlog, localSlots);
    }

    /** Stops taking submissions once those in flight are written, and the backlog's readings. */
    @Override
    public void close() {
        writer.close();
        backlog.close();
    }

    /** A request: the report type, its raw parameters (JSON values), who asks, and an optional idempotency key. */
    public record SubmitRequest(
            String type, Map<String, Object> parameters, String userId, Optional<String> idempotencyKey) {}

    /** The task, and whether this call created it (false: the idempotency key named an earlier one). */
    public record Submission(ReportTask task, boolean created) {}

    /**
     * Validates and queues a report. Throws {@link com.aliaport.ops.report.InvalidReportParameterException}
     * naming the field, or a {@link ReportQueueException} (unknown type, rate limit, backlog, key reuse).
     */
    public Submission submit(SubmitRequest request) {
        return answered(submit(request, Waiting.FOR_ANSWER));
    }

    private static Submission answered(CompletableFuture<Submission> submission) {
        try {
            return submission.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * As {@link #submit}, for callers that send many requests without waiting for each (a batch of month-end
     * statements): bad requests throw at once; the future completes when the task is stored durably (or fails
     * with the rate-limit, backlog or database error). Requests in flight together share one commit.
     */
    public CompletableFuture<Submission> submitAsync(SubmitRequest request) {
        return submit(request, Waiting.NOT);
    }

    /** What the submitter waits for, which decides how its submission is written. */
    private enum Waiting {
        /** Nothing: the submission joins the next batch of the group commit. */
        NOT,
        /** The answer: when nothing else is being written, the submitter writes its own. */
        FOR_ANSWER,
        /** The end: with a slot of this node waiting, it is held back while it runs ({@link SubmissionWriter#held}). */
        FOR_END
    }

    private CompletableFuture<Submission> submit(SubmitRequest request, Waiting waiting) {
        ReportBuilder builder = builders.get(request.type());
        if (builder == null) {
            throw new ReportQueueException.UnknownType(request.type(), builders.keySet());
        }
        Map<String, String> parameters = builder.validate(request.parameters());
        Optional<String> key = request.idempotencyKey();
        // Only a keyed request is ever compared with an earlier one.
        Optional<String> hash = key.map(k -> fingerprint(request.type(), parameters));
        if (key.isPresent()) {
            Optional<ReportTaskRepository.Earlier> earlier = tasks.findByIdempotencyKey(request.userId(), key.get());
            if (earlier.isPresent()) {
                return CompletableFuture.completedFuture(
                        SubmissionWriter.repeated(earlier.get(), hash.orElseThrow(), key.get()));
            }
        }
        long open = backlog.current();
        if (open >= settings.backlogLimit()) {
            throw new ReportQueueException.BacklogFull(open, settings.backlogLimit(), BACKLOG_RETRY_AFTER);
        }
        // As PostgreSQL stores it (microseconds): the id's millisecond is always the stored creation time's.
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var task = new ReportTaskAdmissions.NewTask(
                TaskIds.next(createdAt),
                request.type(),
                settings.queueOf(request.type()),
                parameters,
                request.userId(),
                settings.retries() + 1,
                key,
                hash,
                createdAt);
        return switch (waiting) {
            case NOT -> writer.submit(task);
            case FOR_ANSWER -> writer.writeOrSubmit(task);
            case FOR_END -> writer.held(task).orElseGet(() -> writer.writeOrSubmit(task));
        };
    }

    public Optional<ReportTask> find(UUID id) {
        return tasks.find(id);
    }

    /** The task if {@code userId} asked for it; another user's task reads as absent. */
    public Optional<ReportTask> findOwn(UUID id, String userId) {
        return tasks.find(id).filter(t -> t.requestedBy().equals(userId));
    }

    public List<ReportTask> recentOf(String userId, int limit) {
        return tasks.recentOf(userId, limit);
    }

    /** Cancels a pending task at once or asks its worker to stop a running one; the task as it now stands. */
    public ReportTask cancel(UUID id) {
        ReportTask task = tasks.find(id).orElseThrow(() -> new ReportQueueException.NotFound(id));
        if (task.state().terminal()) {
            throw new ReportQueueException.NotCancellable(id, task.state());
        }
        return tasks.requestCancel(id, clock.instant()).orElseThrow(() -> new ReportQueueException.NotFound(id));
    }

    /** Puts a failed (dead-lettered) or cancelled task back in the queue with fresh attempts. */
    public ReportTask requeue(UUID id) {
        ReportTask task = tasks.find(id).orElseThrow(() -> new ReportQueueException.NotFound(id));
        if (!tasks.requeue(id, clock.instant())) {
            throw new ReportQueueException.NotRequeueable(id, task.state());
        }
        ReportTask again = tasks.find(id).orElseThrow();
        writer.handOver(List.of(again));
        return again;
    }

    public List<ReportTask> deadLetters(int limit) {
        return tasks.deadLettered(limit);
    }

    public List<ReportTaskRepository.Attempt> attempts(UUID id) {
        return tasks.attempts(id);
    }

    /**
     * Waits until the task ends or {@code timeout} passes; returns the task as last known. Woken by the task's end
     * ({@link ReportEvents}), it reads the task then, and every {@link #pollingEvery poll interval} (200 ms) in case
     * a wake-up was lost (a notification missed, a process without events).
     */
    public ReportTask await(UUID id, Duration timeout) throws InterruptedException {
        return awaitEnd(id, events.position(), () -> read(id), timeout);
    }

    /**
     * Submits, tells {@code submitted} the answer, and waits until the task ends or {@code timeout} passes; returns
     * the task as last known. The waiter takes its position in the changes before the submission and subscribes to
     * the end with it, so it reads nothing before the end wakes it (a read right after the submission competed with
     * the quick report's own SUCCESS for the machine; issue 17), and a SUCCESS written by this process hands it the
     * task as written, so it reads nothing after either. With a slot of this node waiting, the submission is held back
     * while the slot runs it and a quick report's task is inserted as it ended: {@code submitted} is told once the
     * task is committed, which for a quick report is when it has ended (the answer then holds the ended task).
     */
    public ReportTask submitAndAwait(SubmitRequest request, Duration timeout, Consumer<Submission> submitted)
            throws InterruptedException {
        long since = events.position();
        Submission s = answered(submit(request, Waiting.FOR_END));
        submitted.accept(s);
        return awaitEnd(s.task().id(), since, s::task, timeout);
    }

    /** How often a waiter reads its task without a wake-up (200 ms); a test sets it long, to see the wake-ups. */
    ReportQueueService pollingEvery(Duration interval) {
        this.awaitPoll = interval;
        return this;
    }

    /**
     * Subscribed to the task's end from {@code since} (a position taken before anything could end it), starts from
     * {@code known} (got once subscribed) and waits for the end or the timeout.
     */
    private ReportTask awaitEnd(UUID id, long since, Supplier<ReportTask> known, Duration timeout)
            throws InterruptedException {
        Semaphore ended = new Semaphore(0);
        try (ReportEvents.Subscription sub = events.subscribeToEnd(id, since, ended::release)) {
            Instant deadline = clock.instant().plus(timeout);
            ReportTask t = known.get();
            while (!t.state().terminal()) {
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left <= 0) {
                    return t;
                }
                ended.tryAcquire(Math.min(left, awaitPoll.toMillis()), TimeUnit.MILLISECONDS);
                ended.drainPermits();
                t = events.endSince(id, since).orElseGet(() -> read(id));
            }
            return t;
        }
    }

    private ReportTask read(UUID id) {
        return tasks.find(id).orElseThrow(() -> new ReportQueueException.NotFound(id));
    }

    public Collection<String> types() {
        return builders.keySet();
    }

    public long openCount() {
        return tasks.openCount();
    }

    public ReportQueueSettings settings() {
        return settings;
    }

    /** Same type and normalised parameters give the same fingerprint, whatever the key order. */
    static String fingerprint(String type, Map<String, String> parameters) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((type + "\n" + Json.write(new TreeMap<>(parameters))).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
