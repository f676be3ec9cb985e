package com.aliaport.ops.reportqueue.db;

import static com.aliaport.ops.db.generated.Tables.REPORT_TASKS;
import static com.aliaport.ops.db.generated.Tables.REPORT_TASK_ATTEMPTS;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.generated.tables.records.ReportTasksRecord;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * {@code report_tasks} and {@code report_task_attempts}. Every write by a worker names the fencing token of its
 * claim and changes nothing when the token is stale: a worker that lost its claim cannot overwrite the task.
 */
public final class ReportTaskRepository {
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};
    private static final int MAX_TEXT = 4_000;
    private static final List<String> RUNNING = List.of(ReportState.STARTED.name(), ReportState.PROGRESS.name());

    private final DSLContext dsl;
    private final ReportChanges changes;

    public ReportTaskRepository(DSLContext dsl) {
        this(dsl, ReportChanges.NONE);
    }

    /** With {@code changes} told of every task this repository changes (live progress announcements). */
    public ReportTaskRepository(DSLContext dsl, ReportChanges changes) {
        this.dsl = dsl;
        this.changes = changes;
    }

    private boolean announced(UUID id, boolean changed) {
        if (changed) {
            changes.changed(id);
        }
        return changed;
    }

    public record NewTask(
            UUID id,
            String type,
            String queue,
            Map<String, String> parameters,
            String requestedBy,
            int maxAttempts,
            Optional<String> idempotencyKey,
            String requestHash,
            Instant createdAt) {}

    /** The task inserted, or, when the requester already used the idempotency key, the earlier one. */
    public record Inserted(ReportTask task, boolean created, String requestHash) {}

    /** What a heartbeat learned: the claim is still ours (maybe with a cancel request), or it is lost. */
    public enum Heartbeat {
        HELD,
        CANCEL_REQUESTED,
        LOST
    }

    /** How a lease expiry was resolved. */
    public record LeaseExpiry(UUID taskId, String queue, ReportState newState) {}

    public Inserted insert(NewTask t) {
        Optional<ReportTasksRecord> inserted = dsl.insertInto(REPORT_TASKS)
                .set(REPORT_TASKS.ID, t.id())
                .set(REPORT_TASKS.TASK_TYPE, t.type())
                .set(REPORT_TASKS.QUEUE, t.queue())
                .set(REPORT_TASKS.PARAMETERS, JSONB.valueOf(Json.write(t.parameters())))
                .set(REPORT_TASKS.REQUESTED_BY, t.requestedBy())
                .set(REPORT_TASKS.STATE, ReportState.PENDING.name())
                .set(REPORT_TASKS.MAX_ATTEMPTS, t.maxAttempts())
                .set(REPORT_TASKS.IDEMPOTENCY_KEY, t.idempotencyKey().orElse(null))
                .set(REPORT_TASKS.REQUEST_HASH, t.requestHash())
                .set(REPORT_TASKS.CREATED_AT, t.createdAt())
                .set(REPORT_TASKS.UPDATED_AT, t.createdAt())
                .onConflictDoNothing()
                .returning()
                .fetchOptional();
        if (inserted.isPresent()) {
            changes.changed(t.id());
            return new Inserted(toTask(inserted.get()), true, t.requestHash());
        }
        ReportTasksRecord earlier = dsl.selectFrom(REPORT_TASKS)
                .where(REPORT_TASKS.REQUESTED_BY.eq(t.requestedBy()))
                .and(REPORT_TASKS.IDEMPOTENCY_KEY.eq(t.idempotencyKey().orElseThrow()))
                .fetchSingle();
        return new Inserted(toTask(earlier), false, earlier.getRequestHash());
    }

    public Optional<ReportTask> find(UUID id) {
        return dsl.selectFrom(REPORT_TASKS)
                .where(REPORT_TASKS.ID.eq(id))
                .fetchOptional()
                .map(ReportTaskRepository::toTask);
    }

    /** The earlier task of a requester under an idempotency key, with its request fingerprint. */
    public Optional<Inserted> findByIdempotencyKey(String requestedBy, String key) {
        return dsl.selectFrom(REPORT_TASKS)
                .where(REPORT_TASKS.REQUESTED_BY.eq(requestedBy))
                .and(REPORT_TASKS.IDEMPOTENCY_KEY.eq(key))
                .fetchOptional()
                .map(r -> new Inserted(toTask(r), false, r.getRequestHash()));
    }

    public List<ReportTask> recentOf(String requestedBy, int limit) {
        return dsl.selectFrom(REPORT_TASKS)
                .where(REPORT_TASKS.REQUESTED_BY.eq(requestedBy))
                .orderBy(REPORT_TASKS.CREATED_AT.desc())
                .limit(limit)
                .fetch(ReportTaskRepository::toTask);
    }

    public List<ReportTask> deadLettered(int limit) {
        return dsl.selectFrom(REPORT_TASKS)
                .where(REPORT_TASKS.DEAD_LETTERED.isTrue())
                .and(REPORT_TASKS.STATE.eq(ReportState.FAILURE.name()))
                .orderBy(REPORT_TASKS.FINISHED_AT.desc())
                .limit(limit)
                .fetch(ReportTaskRepository::toTask);
    }

    /** Tasks waiting or running, across the system (the backlog limit). */
    public long openCount() {
        return dsl.fetchCount(
                REPORT_TASKS,
                REPORT_TASKS.STATE.in(
                        ReportState.PENDING.name(), ReportState.STARTED.name(), ReportState.PROGRESS.name()));
    }

    /** Open tasks per queue, for the queue-length gauge. */
    public Map<String, Long> openCountByQueue() {
        return dsl.select(REPORT_TASKS.QUEUE, DSL.count())
                .from(REPORT_TASKS)
                .where(REPORT_TASKS.STATE.eq(ReportState.PENDING.name()))
                .groupBy(REPORT_TASKS.QUEUE)
                .fetchMap(r -> r.value1(), r -> r.value2().longValue());
    }

    /** What admission control needs, read in one round trip: the backlog and the user's last minute. */
    public record Load(long open, int recentOfUser, Optional<Instant> oldestCounted) {}

    /**
     * Open tasks (counted up to {@code backlogCap}) and the user's submissions since {@code since} (the newest
     * {@code rateCap}, with the oldest of those: when the window frees).
     */
    public Load load(String requestedBy, Instant since, int rateCap, int backlogCap) {
        var open = dsl.selectOne()
                .from(REPORT_TASKS)
                .where(REPORT_TASKS.STATE.in(
                        ReportState.PENDING.name(), ReportState.STARTED.name(), ReportState.PROGRESS.name()))
                .limit(backlogCap)
                .asTable("open_tasks");
        var recent = dsl.select(REPORT_TASKS.CREATED_AT)
                .from(REPORT_TASKS)
                .where(REPORT_TASKS.REQUESTED_BY.eq(requestedBy))
                .and(REPORT_TASKS.CREATED_AT.gt(since))
                .orderBy(REPORT_TASKS.CREATED_AT.desc())
                .limit(rateCap)
                .asTable("recent");
        var r = dsl.select(
                        DSL.field(DSL.selectCount().from(open)),
                        DSL.field(DSL.selectCount().from(recent)),
                        DSL.field(DSL.select(DSL.min(recent.field(REPORT_TASKS.CREATED_AT)))
                                .from(recent)))
                .fetchSingle();
        return new Load(r.value1(), r.value2(), Optional.ofNullable(r.value3()));
    }

    public void markEnqueued(Collection<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        dsl.update(REPORT_TASKS)
                .set(REPORT_TASKS.ENQUEUED_AT, at)
                .where(REPORT_TASKS.ID.in(ids))
                .and(REPORT_TASKS.STATE.eq(ReportState.PENDING.name()))
                .execute();
    }

    /**
     * Claims a pending, due, not cancelled task for {@code workerId}: STARTED, one more attempt, a new fencing
     * token, a lease. Empty when the task is not claimable (done, cancelled, claimed by another, not due).
     */
    public Optional<ReportTask> claim(UUID id, String workerId, Instant now, Instant leaseUntil) {
        // One statement (one round trip, one commit): the claim and its attempt row together.
        var claimed = DSL.name("claimed");
        var c = dsl.update(REPORT_TASKS)
                .set(REPORT_TASKS.STATE, ReportState.STARTED.name())
                .set(REPORT_TASKS.ATTEMPTS, REPORT_TASKS.ATTEMPTS.plus(1))
                .set(REPORT_TASKS.FENCING_TOKEN, REPORT_TASKS.FENCING_TOKEN.plus(1))
                .set(REPORT_TASKS.WORKER_ID, workerId)
                .set(REPORT_TASKS.LEASE_UNTIL, leaseUntil)
                .set(REPORT_TASKS.STARTED_AT, now)
                .set(REPORT_TASKS.ENQUEUED_AT, (Instant) null)
                .set(REPORT_TASKS.PROGRESS_CURRENT, 0L)
                .set(REPORT_TASKS.PROGRESS_STATUS, "Başladı")
                .set(REPORT_TASKS.UPDATED_AT, now)
                .where(REPORT_TASKS.ID.eq(id))
                .and(REPORT_TASKS.STATE.eq(ReportState.PENDING.name()))
                .and(REPORT_TASKS.CANCEL_REQUESTED.isFalse())
                .and(REPORT_TASKS.NOT_BEFORE.isNull().or(REPORT_TASKS.NOT_BEFORE.le(now)))
                .returning();
        var cte = claimed.as(c);
        var t = DSL.table(claimed);
        var attempt = DSL.name("attempt");
        var a = attempt.as(dsl.insertInto(
                        REPORT_TASK_ATTEMPTS,
                        REPORT_TASK_ATTEMPTS.TASK_ID,
                        REPORT_TASK_ATTEMPTS.FENCING_TOKEN,
                        REPORT_TASK_ATTEMPTS.ATTEMPT,
                        REPORT_TASK_ATTEMPTS.WORKER_ID,
                        REPORT_TASK_ATTEMPTS.STARTED_AT)
                .select(DSL.select(
                                DSL.field(DSL.name("claimed", "id"), REPORT_TASKS.ID.getDataType()),
                                DSL.field(
                                        DSL.name("claimed", "fencing_token"), REPORT_TASKS.FENCING_TOKEN.getDataType()),
                                DSL.field(DSL.name("claimed", "attempts"), REPORT_TASKS.ATTEMPTS.getDataType()),
                                DSL.val(workerId),
                                DSL.val(now))
                        .from(t))
                .returning(REPORT_TASK_ATTEMPTS.TASK_ID));
        // Committed without waiting for the WAL flush: a claim lost in a PostgreSQL crash only puts the task
        // back to PENDING, to run again. Submissions and results keep synchronous commits.
        return dsl.transactionResult(cfg -> {
                    DSLContext tx = cfg.dsl();
                    tx.execute("SET LOCAL synchronous_commit = off");
                    return tx.with(cte).with(a).select(t.asterisk()).from(t).fetchOptional();
                })
                .map(r -> toTask(r.into(REPORT_TASKS)))
                .map(task -> {
                    changes.changed(task.id());
                    return task;
                });
    }

    /** Extends the lease of a claim still held; tells whether a cancel was requested meanwhile. */
    public Heartbeat heartbeat(UUID id, long token, Instant leaseUntil) {
        return dsl.update(REPORT_TASKS)
                .set(REPORT_TASKS.LEASE_UNTIL, leaseUntil)
                .where(held(id, token))
                .returning(REPORT_TASKS.CANCEL_REQUESTED)
                .fetchOptional()
                .map(r -> r.getCancelRequested() ? Heartbeat.CANCEL_REQUESTED : Heartbeat.HELD)
                .orElse(Heartbeat.LOST);
    }

    /** Records progress of a held claim; false when the claim is lost. */
    public boolean progress(UUID id, long token, long current, long total, String status, Instant at) {
        return announced(
                id,
                dsl.update(REPORT_TASKS)
                                .set(REPORT_TASKS.STATE, ReportState.PROGRESS.name())
                                .set(REPORT_TASKS.PROGRESS_CURRENT, current)
                                .set(REPORT_TASKS.PROGRESS_TOTAL, total)
                                .set(REPORT_TASKS.PROGRESS_STATUS, clip(status))
                                .set(REPORT_TASKS.UPDATED_AT, at)
                                .where(held(id, token))
                                .execute()
                        == 1);
    }

    /** The one SUCCESS of a task: only the current claim can write it. */
    public boolean succeed(UUID id, long token, String storageKey, long sizeBytes, Instant fileExpiresAt, Instant at) {
        return updateAndCloseAttempt(
                dsl.update(REPORT_TASKS)
                        .set(REPORT_TASKS.STATE, ReportState.SUCCESS.name())
                        .set(REPORT_TASKS.STORAGE_KEY, storageKey)
                        .set(REPORT_TASKS.SIZE_BYTES, sizeBytes)
                        .set(REPORT_TASKS.FILE_EXPIRES_AT, fileExpiresAt)
                        .set(
                                REPORT_TASKS.PROGRESS_CURRENT,
                                DSL.greatest(REPORT_TASKS.PROGRESS_TOTAL, REPORT_TASKS.PROGRESS_CURRENT))
                        .set(REPORT_TASKS.PROGRESS_STATUS, "Rapor hazır")
                        .set(REPORT_TASKS.ERROR, (String) null)
                        .set(REPORT_TASKS.LEASE_UNTIL, (Instant) null)
                        .set(REPORT_TASKS.FINISHED_AT, at)
                        .set(REPORT_TASKS.UPDATED_AT, at)
                        .where(held(id, token)),
                id,
                token,
                "SUCCESS",
                null,
                at);
    }

    /** A failed attempt that will be tried again at {@code retryAt}: back to PENDING, not before then. */
    public boolean retryLater(UUID id, long token, String error, Instant retryAt, Instant at) {
        return updateAndCloseAttempt(
                dsl.update(REPORT_TASKS)
                        .set(REPORT_TASKS.STATE, ReportState.PENDING.name())
                        .set(REPORT_TASKS.NOT_BEFORE, retryAt)
                        .set(REPORT_TASKS.WORKER_ID, (String) null)
                        .set(REPORT_TASKS.LEASE_UNTIL, (Instant) null)
                        .set(REPORT_TASKS.ENQUEUED_AT, (Instant) null)
                        .set(REPORT_TASKS.ERROR, clip(error))
                        .set(REPORT_TASKS.PROGRESS_STATUS, "Yeniden denenecek")
                        .set(REPORT_TASKS.UPDATED_AT, at)
                        .where(held(id, token)),
                id,
                token,
                "RETRY",
                error,
                at);
    }

    /**
     * The end of a task without a file: FAILURE (dead-lettered when {@code deadLetter}), or CANCELLED.
     * {@code attemptOutcome} is recorded on the attempt (FAILURE, TIMED_OUT, CANCELLED).
     */
    public boolean finishWithout(
            UUID id,
            long token,
            ReportState state,
            boolean deadLetter,
            String error,
            String attemptOutcome,
            Instant at) {
        return updateAndCloseAttempt(
                dsl.update(REPORT_TASKS)
                        .set(REPORT_TASKS.STATE, state.name())
                        .set(REPORT_TASKS.DEAD_LETTERED, deadLetter)
                        .set(REPORT_TASKS.ERROR, clip(error))
                        .set(
                                REPORT_TASKS.PROGRESS_STATUS,
                                state == ReportState.CANCELLED ? "İptal edildi" : "Rapor oluşturulamadı")
                        .set(REPORT_TASKS.LEASE_UNTIL, (Instant) null)
                        .set(REPORT_TASKS.FINISHED_AT, at)
                        .set(REPORT_TASKS.UPDATED_AT, at)
                        .where(held(id, token)),
                id,
                token,
                attemptOutcome,
                error,
                at);
    }

    /** Cancels a pending task at once; a running one gets a cancel request its worker sees on its next heartbeat. */
    public Optional<ReportTask> requestCancel(UUID id, Instant at) {
        int pending = dsl.update(REPORT_TASKS)
                .set(REPORT_TASKS.STATE, ReportState.CANCELLED.name())
                .set(REPORT_TASKS.CANCEL_REQUESTED, true)
                .set(REPORT_TASKS.PROGRESS_STATUS, "İptal edildi")
                .set(REPORT_TASKS.FINISHED_AT, at)
                .set(REPORT_TASKS.UPDATED_AT, at)
                .where(REPORT_TASKS.ID.eq(id))
                .and(REPORT_TASKS.STATE.eq(ReportState.PENDING.name()))
                .execute();
        if (pending == 0) {
            dsl.update(REPORT_TASKS)
                    .set(REPORT_TASKS.CANCEL_REQUESTED, true)
                    .set(REPORT_TASKS.UPDATED_AT, at)
                    .where(REPORT_TASKS.ID.eq(id))
                    .and(REPORT_TASKS.STATE.in(RUNNING))
                    .execute();
        }
        changes.changed(id);
        return find(id);
    }

    /** Puts a failed or cancelled task back to PENDING with fresh attempts (an operator's requeue). */
    public boolean requeue(UUID id, Instant at) {
        return announced(
                id,
                dsl.update(REPORT_TASKS)
                                .set(REPORT_TASKS.STATE, ReportState.PENDING.name())
                                .set(REPORT_TASKS.ATTEMPTS, 0)
                                .set(REPORT_TASKS.DEAD_LETTERED, false)
                                .set(REPORT_TASKS.CANCEL_REQUESTED, false)
                                .set(REPORT_TASKS.ERROR, (String) null)
                                .set(REPORT_TASKS.NOT_BEFORE, (Instant) null)
                                .set(REPORT_TASKS.ENQUEUED_AT, (Instant) null)
                                .set(REPORT_TASKS.WORKER_ID, (String) null)
                                .set(REPORT_TASKS.FINISHED_AT, (Instant) null)
                                .set(REPORT_TASKS.PROGRESS_CURRENT, 0L)
                                .set(REPORT_TASKS.PROGRESS_TOTAL, 0L)
                                .set(REPORT_TASKS.PROGRESS_STATUS, "Yeniden kuyruğa alındı")
                                .set(REPORT_TASKS.UPDATED_AT, at)
                                .where(REPORT_TASKS.ID.eq(id))
                                .and(REPORT_TASKS.STATE.in(ReportState.FAILURE.name(), ReportState.CANCELLED.name()))
                                .execute()
                        == 1);
    }

    /**
     * Resolves claims whose lease ran out (the worker died or lost PostgreSQL for longer than its lease):
     * cancelled if a cancel was asked, dead-lettered when out of attempts, otherwise PENDING again at once.
     */
    public List<LeaseExpiry> expireLeases(Instant now, int limit) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            List<ReportTasksRecord> expired = tx.selectFrom(REPORT_TASKS)
                    .where(REPORT_TASKS.STATE.in(RUNNING))
                    .and(REPORT_TASKS.LEASE_UNTIL.lt(now))
                    .orderBy(REPORT_TASKS.LEASE_UNTIL)
                    .limit(limit)
                    .forUpdate()
                    .skipLocked()
                    .fetch();
            return expired.stream()
                    .map(r -> {
                        String lost = "worker " + r.getWorkerId() + " lost its lease on attempt " + r.getAttempts();
                        ReportState next;
                        boolean dead = false;
                        if (r.getCancelRequested()) {
                            next = ReportState.CANCELLED;
                        } else if (r.getAttempts() >= r.getMaxAttempts()) {
                            next = ReportState.FAILURE;
                            dead = true;
                        } else {
                            next = ReportState.PENDING;
                        }
                        var update = tx.update(REPORT_TASKS)
                                .set(REPORT_TASKS.STATE, next.name())
                                .set(REPORT_TASKS.WORKER_ID, (String) null)
                                .set(REPORT_TASKS.LEASE_UNTIL, (Instant) null)
                                .set(REPORT_TASKS.ENQUEUED_AT, (Instant) null)
                                .set(REPORT_TASKS.NOT_BEFORE, (Instant) null)
                                .set(REPORT_TASKS.DEAD_LETTERED, dead)
                                .set(REPORT_TASKS.ERROR, next == ReportState.PENDING ? r.getError() : lost)
                                .set(
                                        REPORT_TASKS.PROGRESS_STATUS,
                                        switch (next) {
                                            case CANCELLED -> "İptal edildi";
                                            case FAILURE -> "Rapor oluşturulamadı";
                                            default -> "Rapor kuyruğunda bekliyor";
                                        })
                                .set(REPORT_TASKS.FINISHED_AT, next.terminal() ? now : null)
                                .set(REPORT_TASKS.UPDATED_AT, now);
                        update.where(held(r.getId(), r.getFencingToken())).execute();
                        closeAttempt(tx, r.getId(), r.getFencingToken(), "LOST", lost, now);
                        changes.changed(r.getId());
                        return new LeaseExpiry(r.getId(), r.getQueue(), next);
                    })
                    .toList();
        });
    }

    /**
     * Pending, due, not cancelled tasks not handed over or checked since {@code checkedBefore} and left alone
     * since {@code settledBefore} (a submission in flight is not lost): the ones the reconciler checks against
     * Redis.
     */
    public List<ReportTask> dueForCheck(Instant now, Instant checkedBefore, Instant settledBefore, int limit) {
        Condition notRecentlyHanded = REPORT_TASKS.ENQUEUED_AT.isNull().or(REPORT_TASKS.ENQUEUED_AT.lt(checkedBefore));
        return dsl.selectFrom(REPORT_TASKS)
                .where(REPORT_TASKS.STATE.eq(ReportState.PENDING.name()))
                .and(REPORT_TASKS.CANCEL_REQUESTED.isFalse())
                .and(REPORT_TASKS.NOT_BEFORE.isNull().or(REPORT_TASKS.NOT_BEFORE.le(now)))
                .and(REPORT_TASKS.UPDATED_AT.lt(settledBefore))
                .and(notRecentlyHanded)
                .orderBy(REPORT_TASKS.CREATED_AT)
                .limit(limit)
                .fetch(ReportTaskRepository::toTask);
    }

    /** Stored files past their expiry, for housekeeping. */
    public List<ReportTask> expiredFiles(Instant now, int limit) {
        return dsl.selectFrom(REPORT_TASKS)
                .where(REPORT_TASKS.STORAGE_KEY.isNotNull())
                .and(REPORT_TASKS.FILE_DELETED_AT.isNull())
                .and(REPORT_TASKS.FILE_EXPIRES_AT.le(now))
                .orderBy(REPORT_TASKS.FILE_EXPIRES_AT)
                .limit(limit)
                .fetch(ReportTaskRepository::toTask);
    }

    public void markFileDeleted(UUID id, Instant at) {
        dsl.update(REPORT_TASKS)
                .set(REPORT_TASKS.FILE_DELETED_AT, at)
                .set(REPORT_TASKS.UPDATED_AT, at)
                .where(REPORT_TASKS.ID.eq(id))
                .execute();
    }

    /** Attempts of a task in order: operators read why each failed; tests count the successes. */
    public List<Attempt> attempts(UUID id) {
        return dsl.selectFrom(REPORT_TASK_ATTEMPTS)
                .where(REPORT_TASK_ATTEMPTS.TASK_ID.eq(id))
                .orderBy(REPORT_TASK_ATTEMPTS.FENCING_TOKEN)
                .fetch(r -> new Attempt(
                        r.getAttempt(),
                        r.getFencingToken(),
                        r.getWorkerId(),
                        r.getStartedAt(),
                        Optional.ofNullable(r.getFinishedAt()),
                        Optional.ofNullable(r.getOutcome()),
                        Optional.ofNullable(r.getError())));
    }

    public record Attempt(
            int attempt,
            long fencingToken,
            String workerId,
            Instant startedAt,
            Optional<Instant> finishedAt,
            Optional<String> outcome,
            Optional<String> error) {}

    private static Condition held(UUID id, long token) {
        return REPORT_TASKS.ID.eq(id).and(REPORT_TASKS.FENCING_TOKEN.eq(token)).and(REPORT_TASKS.STATE.in(RUNNING));
    }

    /**
     * Runs a guarded update of the task and, when it changed the row, closes the attempt in the same statement
     * (one round trip, one commit). True when the task row changed.
     */
    private boolean updateAndCloseAttempt(
            org.jooq.UpdateConditionStep<ReportTasksRecord> update,
            UUID id,
            long token,
            String outcome,
            String error,
            Instant at) {
        var changed = DSL.name("changed");
        var cte = changed.as(update.returning(REPORT_TASKS.ID));
        return dsl.with(cte)
                                .update(REPORT_TASK_ATTEMPTS)
                                .set(REPORT_TASK_ATTEMPTS.OUTCOME, outcome)
                                .set(REPORT_TASK_ATTEMPTS.ERROR, clip(error))
                                .set(REPORT_TASK_ATTEMPTS.FINISHED_AT, at)
                                .where(REPORT_TASK_ATTEMPTS.TASK_ID.eq(id))
                                .and(REPORT_TASK_ATTEMPTS.FENCING_TOKEN.eq(token))
                                .and(REPORT_TASK_ATTEMPTS.OUTCOME.isNull())
                                .and(DSL.exists(DSL.selectOne().from(DSL.table(changed))))
                                .execute()
                        == 1
                && announced(id, true);
    }

    private static void closeAttempt(DSLContext tx, UUID id, long token, String outcome, String error, Instant at) {
        tx.update(REPORT_TASK_ATTEMPTS)
                .set(REPORT_TASK_ATTEMPTS.OUTCOME, outcome)
                .set(REPORT_TASK_ATTEMPTS.ERROR, clip(error))
                .set(REPORT_TASK_ATTEMPTS.FINISHED_AT, at)
                .where(REPORT_TASK_ATTEMPTS.TASK_ID.eq(id))
                .and(REPORT_TASK_ATTEMPTS.FENCING_TOKEN.eq(token))
                .and(REPORT_TASK_ATTEMPTS.OUTCOME.isNull())
                .execute();
    }

    static ReportTask toTask(ReportTasksRecord r) {
        return new ReportTask(
                r.getId(),
                r.getTaskType(),
                r.getQueue(),
                readParams(r.getParameters()),
                r.getRequestedBy(),
                ReportState.valueOf(r.getState()),
                new ReportTask.Progress(
                        r.getProgressCurrent(), r.getProgressTotal(), Optional.ofNullable(r.getProgressStatus())),
                r.getAttempts(),
                r.getMaxAttempts(),
                Optional.ofNullable(r.getWorkerId()),
                r.getFencingToken(),
                Optional.ofNullable(r.getLeaseUntil()),
                Optional.ofNullable(r.getNotBefore()),
                r.getDeadLettered(),
                r.getCancelRequested(),
                Optional.ofNullable(r.getIdempotencyKey()),
                Optional.ofNullable(r.getStorageKey()),
                Optional.ofNullable(r.getSizeBytes()),
                Optional.ofNullable(r.getError()),
                r.getCreatedAt(),
                Optional.ofNullable(r.getStartedAt()),
                Optional.ofNullable(r.getFinishedAt()),
                Optional.ofNullable(r.getFileExpiresAt()),
                Optional.ofNullable(r.getFileDeletedAt()));
    }

    private static Map<String, String> readParams(JSONB json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(json.data(), PARAMS);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static String clip(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }
}
