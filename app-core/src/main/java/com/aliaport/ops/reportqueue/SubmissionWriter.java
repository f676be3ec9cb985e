package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.GroupCommit;
import com.aliaport.ops.reportqueue.ReportQueueService.Submission;
import com.aliaport.ops.reportqueue.db.HeldSubmission;
import com.aliaport.ops.reportqueue.db.ReportTaskAdmissions;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes validated submissions to PostgreSQL and hands them on: those that arrive together in one statement and one
 * commit (group commit: the rate limit and the insert, then one Redis round trip per queue for the lot), a
 * submission written while a worker slot of this node waits claimed for that slot in its insert and handed to it
 * directly ({@link LocalSlots}); for a submitter that waits for the end, held back while such a slot runs it
 * ({@link HeldSubmission}). Turns each admission into the submitter's answer, or into the refusal it throws.
 */
final class SubmissionWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SubmissionWriter.class);
    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    private static final int MAX_BATCH = 500;
    private static final int MAX_WAITING = 10_000;

    private final ReportTaskRepository tasks;
    private final ReportTaskAdmissions admissions;
    private final ReportQueue queue;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private final OpenTaskCount backlog;
    private final LocalSlots localSlots;
    /** Submissions in flight together share one insert and one commit. */
    private final GroupCommit<ReportTaskAdmissions.NewTask, Submission> submissions;

    SubmissionWriter(
            ReportTaskRepository tasks,
            ReportQueue queue,
            ReportQueueSettings settings,
            Clock clock,
            OpenTaskCount backlog,
            LocalSlots localSlots) {
        this.tasks = tasks;
        this.admissions = tasks.admissions();
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
        this.backlog = backlog;
        this.localSlots = localSlots;
        this.submissions = new GroupCommit<>("report-submissions", MAX_BATCH, MAX_WAITING, this::writeSubmissions);
    }

    /** Joins the next batch: answered once it is written. */
    CompletableFuture<Submission> submit(ReportTaskAdmissions.NewTask task) {
        return submissions.submit(task);
    }

    /** Written by the calling thread when nothing else is being written, else joins the next batch. */
    CompletableFuture<Submission> writeOrSubmit(ReportTaskAdmissions.NewTask task) {
        return submissions.writeOrSubmit(task);
    }

    /** Stops taking submissions once those in flight are written. */
    @Override
    public void close() {
        submissions.close();
    }

    /**
     * For a submitter that waits for the end, with a slot of this node waiting for work: the submission admitted,
     * held back and run by that slot at once ({@link HeldSubmission}); a quick report's task is inserted as it
     * ended, one row write and one WAL flush for both. Answered once committed: the submitter learns of the task no
     * sooner than from a submission written alone. Empty when no slot waits.
     */
    Optional<CompletableFuture<Submission>> held(ReportTaskAdmissions.NewTask task) {
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

    /** The answer to a keyed request that repeats an earlier one; another request under the same key is refused. */
    static Submission repeated(ReportTaskRepository.Earlier earlier, String hash, String key) {
        if (!hash.equals(earlier.requestHash())) {
            throw new ReportQueueException.IdempotencyConflict(key);
        }
        return new Submission(earlier.task(), false);
    }

    /** Hands tasks stored PENDING to the transport; if it is away, the reconciler does later. */
    void handOver(List<ReportTask> created) {
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
}
