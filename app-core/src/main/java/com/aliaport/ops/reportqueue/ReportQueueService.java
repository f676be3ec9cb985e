package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.GroupCommit;
import com.aliaport.ops.common.Json;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.reportqueue.db.HeldSubmission;
import com.aliaport.ops.reportqueue.db.ReportTaskAdmissions;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What callers do with report tasks (HTTP API, CLI, console): submit, read, cancel, requeue, wait. A
 * submission is written to PostgreSQL first and then handed to the transport; if Redis is away at that moment
 * the reconciler hands it over later. Submissions that arrive together are written together (group commit:
 * one insert, one WAL flush, one Redis round trip for the lot); a lone one goes out at once. A submission
 * written while a worker slot of this node waits for work is claimed for that slot in its insert and handed to it
 * directly ({@link LocalSlots}), not through Redis.
 */
public final class ReportQueueService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportQueueService.class);
    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    private static final Duration BACKLOG_RETRY_AFTER = Duration.ofSeconds(30);
    private static final int MAX_BATCH = 500;
    private static final int MAX_WAITING = 10_000;

    private final ReportTaskRepository tasks;
    private final ReportTaskAdmissions admissions;
    private final ReportQueue queue;
    private final Map<String, ReportBuilder> builders;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private final OpenTaskCount backlog;
    private final LocalSlots localSlots;
    private final ReportEvents events;
    private volatile Duration awaitPoll = Duration.ofMillis(200);
    /** Submissions in flight together share one insert and one commit. */
    private final GroupCommit<ReportTaskAdmissions.NewTask, Submission> submissions;

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
        this.admissions = tasks.admissions();
        this.localSlots = localSlots;
        this.queue = queue;
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
        this.submissions = new GroupCommit<>("report-submissions", MAX_BATCH, MAX_WAITING, this::writeSubmissions);
    }

    /** Stops taking submissions once those in flight are written. */
    @Override
    public void close() {
        submissions.close();
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
        /** The end: with a slot of this node waiting, the submission is held back while it runs (see held()). */
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
                return CompletableFuture.completedFuture(repeated(earlier.get(), hash.orElseThrow(), key.get()));
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
            case NOT -> submissions.submit(task);
            case FOR_ANSWER -> submissions.writeOrSubmit(task);
            case FOR_END -> held(task).orElseGet(() -> submissions.writeOrSubmit(task));
        };
    }

    /**
     * For a submitter that waits for the end, with a slot of this node waiting for work: the submission admitted,
     * held back and run by that slot at once ({@link HeldSubmission}); a quick report's task is inserted as it
     * ended, one row write and one WAL flush for both. Answered once committed: the submitter learns of the task no
     * sooner than from a submission written alone. Empty when no slot waits.
     */
    private Optional<CompletableFuture<Submission>> held(ReportTaskAdmissions.NewTask task) {
        List<LocalSlots.Reservation> idle = localSlots.reserve(1);
        if (idle.isEmpty()) {
            return Optional.empty();
        }
        LocalSlots.Reservation slot = idle.getFirst();
        Instant now = clock.instant();
        ReportTaskAdmissions.Held admitted;
        try {
            admitted = admissions.admitAndHold(
                    task,
                    slot.workerId(),
                    now,
                    now.plus(settings.lease()),
                    now.minus(RATE_WINDOW),
                    settings.ratePerMinute());
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        if (admitted.submission().isEmpty()) {
            slot.release();
            return Optional.of(CompletableFuture.completedFuture(answer(task, admitted.admission(), now)));
        }
        HeldSubmission submission = admitted.submission().get();
        backlog.added(1);
        slot.runHeld(submission);
        return Optional.of(submission.committed().handle((t, e) -> {
            if (e == null) {
                return new Submission(t, true);
            }
            // Its place taken while it ran (the key used, or the rate filled by other nodes): answered as if refused
            // at once. Anything else is the database's error, the submitter's to see.
            // (The submission's own future: its failure comes as it was thrown, not wrapped.)
            if (e instanceof HeldSubmission.Refused refused) {
                return answer(task, refused.admission(), now);
            }
            throw new CompletionException(e);
        }));
    }

    /**
     * Writes a batch of submissions: rate limit and insert in one statement (one commit), the hand-over to Redis
     * in one round trip per queue. The rate is counted, then the insert made, without a lock: concurrent batches
     * of one user on several nodes can pass the limit by at most their size, which a limit meant to stop floods
     * tolerates.
     */
    private void writeSubmissions(List<GroupCommit.Entry<ReportTaskAdmissions.NewTask, Submission>> batch) {
        Instant now = clock.instant();
        List<ReportTaskAdmissions.NewTask> items = GroupCommit.items(batch);
        Map<UUID, LocalSlots.Reservation> direct = new LinkedHashMap<>();
        Map<UUID, String> claims = new HashMap<>();
        List<LocalSlots.Reservation> idle = localSlots.reserve(items.size());
        for (int i = 0; i < idle.size(); i++) {
            direct.put(items.get(i).id(), idle.get(i));
            claims.put(items.get(i).id(), idle.get(i).workerId());
        }
        Map<UUID, ReportTaskAdmissions.Admission> answers;
        try {
            answers = admissions.admitAndInsert(
                    items, claims, now, now.plus(settings.lease()), now.minus(RATE_WINDOW), settings.ratePerMinute());
        } catch (RuntimeException e) {
            direct.values().forEach(LocalSlots.Reservation::release);
            throw e;
        }
        List<ReportTask> queued = new ArrayList<>();
        int created = 0;
        for (ReportTaskAdmissions.Admission a : answers.values()) {
            if (a instanceof ReportTaskAdmissions.Admission.Created c) {
                created++;
                // Only a task inserted claimed takes its slot; the slots left over are released below.
                LocalSlots.Reservation slot = c.task().state() == ReportState.STARTED
                        ? direct.remove(c.task().id())
                        : null;
                if (slot != null) {
                    slot.run(c.task());
                } else {
                    queued.add(c.task());
                }
            }
        }
        direct.values().forEach(LocalSlots.Reservation::release);
        backlog.added(created);
        handOver(queued);
        for (var entry : batch) {
            try {
                entry.result()
                        .complete(answer(entry.item(), answers.get(entry.item().id()), now));
            } catch (RuntimeException e) {
                entry.result().completeExceptionally(e);
            }
        }
    }

    /** The caller's answer for one submission of a written batch; throws the refusals. */
    private Submission answer(ReportTaskAdmissions.NewTask t, ReportTaskAdmissions.Admission admission, Instant now) {
        return switch (admission) {
            case ReportTaskAdmissions.Admission.Created c -> new Submission(c.task(), true);
            case ReportTaskAdmissions.Admission.RateLimited r -> throw rateLimited(t.requestedBy(), r, now);
            case ReportTaskAdmissions.Admission.KeyTaken k -> {
                // Key used meanwhile (by another request, or earlier in this batch).
                String key = t.idempotencyKey().orElseThrow();
                ReportTaskRepository.Earlier earlier = tasks.findByIdempotencyKey(t.requestedBy(), key)
                        .orElseThrow(() -> new IllegalStateException("task " + t.id() + " neither inserted nor found"));
                yield repeated(earlier, t.requestHash().orElseThrow(), key);
            }
            case null -> throw new IllegalStateException("no answer for submission " + t.id());
        };
    }

    private ReportQueueException.RateLimited rateLimited(
            String user, ReportTaskAdmissions.Admission.RateLimited r, Instant now) {
        Duration wait = Duration.between(now, r.oldestInWindow().orElse(now).plus(RATE_WINDOW));
        return new ReportQueueException.RateLimited(
                user,
                settings.ratePerMinute(),
                wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait);
    }

    private Submission repeated(ReportTaskRepository.Earlier earlier, String hash, String key) {
        if (!hash.equals(earlier.requestHash())) {
            throw new ReportQueueException.IdempotencyConflict(key);
        }
        return new Submission(earlier.task(), false);
    }

    private void handOver(List<ReportTask> created) {
        try {
            // No write-back of the hand-over: the reconciler checks new tasks against Redis once, in bulk.
            queue.enqueueTasks(created);
        } catch (RuntimeException e) {
            log.warn(
                    "{} report tasks stored but not handed to the queue yet ({}); the reconciler will",
                    created.size(),
                    e.toString());
        }
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
        handOver(List.of(again));
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
