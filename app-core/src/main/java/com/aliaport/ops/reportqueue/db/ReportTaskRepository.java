package com.aliaport.ops.reportqueue.db;

import static com.aliaport.ops.db.generated.Tables.REPORT_TASKS;
import static com.aliaport.ops.db.generated.Tables.REPORT_TASK_ATTEMPTS;

import com.aliaport.ops.db.FixedSql;
import com.aliaport.ops.db.generated.tables.records.ReportTasksRecord;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportErrorCode;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A task's path through {@code report_tasks} and {@code report_task_attempts} after its submission: reads, claim,
 * heartbeat, progress, result, cancel and requeue (the submissions' statement is {@link #admissions()}, the
 * reconciler's and housekeeping's {@link #upkeep()}).
 * Every write by a worker names the fencing token of its claim and changes nothing when the token is stale: a
 * worker that lost its claim cannot overwrite the task.
 */
public final class ReportTaskRepository {
    private final DSLContext dsl;
    private final FixedSql sql;
    private final ReportChanges changes;

    public ReportTaskRepository(DSLContext dsl) {
        this(dsl, ReportChanges.NONE);
    }

    /** With {@code changes} told of every task this repository changes (live progress announcements). */
    public ReportTaskRepository(DSLContext dsl, ReportChanges changes) {
        this.dsl = dsl;
        this.sql = new FixedSql(dsl);
        this.changes = changes;
    }

    /** The submissions' statement (rate limit and insert), telling the same {@code changes}. */
    public ReportTaskAdmissions admissions() {
        return new ReportTaskAdmissions(dsl, changes);
    }

    /** The reconciler's and housekeeping's statements on the same tables, telling the same {@code changes}. */
    public ReportTaskUpkeep upkeep() {
        return new ReportTaskUpkeep(dsl, changes);
    }

    private boolean announced(UUID id, boolean changed) {
        if (changed) {
            changes.changed(id);
        }
        return changed;
    }

    /** A task found by its requester's idempotency key, with the fingerprint of the request that created it. */
    public record Earlier(ReportTask task, String requestHash) {}

    /** What a heartbeat learned: the claim is still ours (maybe with a cancel request), or it is lost. */
    public enum Heartbeat {
        HELD,
        CANCEL_REQUESTED,
        LOST
    }

    // The statements a task passes through (claim, result; the submission's too, in ReportTaskAdmissions) and the
    // row reads are fixed SQL (FixedSql): rendering them with jOOQ on every call cost more CPU than PostgreSQL spent
    // running them.

    public Optional<ReportTask> find(UUID id) {
        return sql.queryOne("SELECT * FROM report_tasks WHERE id = ?", ReportTaskRows::toTask, id);
    }

    /** The earlier task of a requester under an idempotency key, with its request fingerprint. */
    public Optional<Earlier> findByIdempotencyKey(String requestedBy, String key) {
        return sql.queryOne(
                "SELECT * FROM report_tasks WHERE requested_by = ? AND idempotency_key = ?",
                rs -> new Earlier(ReportTaskRows.toTask(rs), rs.getString("request_hash")),
                requestedBy,
                key);
    }

    public List<ReportTask> recentOf(String requestedBy, int limit) {
        return sql.query(
                "SELECT * FROM report_tasks WHERE requested_by = ? ORDER BY created_at DESC LIMIT ?",
                ReportTaskRows::toTask,
                requestedBy,
                limit);
    }

    public List<ReportTask> deadLettered(int limit) {
        return sql.query("""
                SELECT * FROM report_tasks WHERE dead_lettered AND state = 'FAILURE'
                ORDER BY finished_at DESC LIMIT ?""", ReportTaskRows::toTask, limit);
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

    /** Open tasks (waiting or running) across the system, counted up to {@code cap}: the backlog limit. */
    public long countOpen(int cap) {
        return sql.queryOne("""
                        SELECT count(*) FROM (SELECT 1 FROM report_tasks
                                              WHERE state IN ('PENDING', 'STARTED', 'PROGRESS') LIMIT ?) open_tasks""", rs -> rs.getLong(1), cap).orElseThrow();
    }

    /**
     * Claims a pending, due, not cancelled task for {@code workerId}: STARTED, one more attempt, a new fencing
     * token, a lease. Empty when the task is not claimable (done, cancelled, claimed by another, not due).
     */
    public Optional<ReportTask> claim(UUID id, String workerId, Instant now, Instant leaseUntil) {
        return claimAll(List.of(id), workerId, now, leaseUntil).stream().findFirst();
    }

    /**
     * Claims each of {@code ids} that is claimable, as {@link #claim} does, in one statement and one commit; the
     * claimed tasks in the order of {@code ids}. A slot claims ahead this way when its queue has a backlog of quick
     * tasks (ReportWorkers).
     */
    public List<ReportTask> claimAll(List<UUID> ids, String workerId, Instant now, Instant leaseUntil) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // Each id once (a duplicate message must not run a task twice), in one order for every claimant (row locks
        // taken in the same order cannot deadlock).
        UUID[] distinct = new TreeSet<>(ids).toArray(UUID[]::new);
        Map<UUID, ReportTask> claimed = new HashMap<>();
        for (ReportTask task : sql.query(
                CLAIM,
                ReportTaskRows::toTask,
                workerId,
                leaseUntil,
                now,
                now,
                distinct,
                distinct.length,
                now,
                workerId,
                now)) {
            claimed.put(task.id(), task);
            changes.changed(task.id());
        }
        List<ReportTask> inOrder = new ArrayList<>(claimed.size());
        for (UUID id : ids) {
            ReportTask task = claimed.remove(id); // removed: a duplicate id comes out once
            if (task != null) {
                inOrder.add(task);
            }
        }
        return inOrder;
    }

    // The claim and the result compare the state as an expression ("state || ''") so that the planner finds the
    // row by its key: compared as a column, the condition matches the partial indexes on state, which the planner
    // then prefers (few open rows in its statistics) although under load they fill with dead entries, which every
    // claim and result then walked (report_tasks_running_lease_idx: 25 pages read for one row, against 3).

    /**
     * The claims and their attempt rows in one statement (one round trip, one commit). The commit does not wait for
     * the WAL flush ({@code synchronous_commit} off for this statement's own transaction): a claim lost in a
     * PostgreSQL crash only puts the task back to PENDING, to run again. Submissions and results stay synchronous.
     * "LIMIT ?" (the number of ids) keeps one plan, as for SUCCEED below.
     */
    private static final String CLAIM = """
            WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true)),
            claimed AS (
                UPDATE report_tasks
                SET state = 'STARTED', attempts = attempts + 1, fencing_token = fencing_token + 1, worker_id = ?,
                    lease_until = ?, started_at = ?, enqueued_at = NULL, progress_current = 0,
                    progress_status = 'Başladı', updated_at = ?
                WHERE id IN (SELECT * FROM unnest(?::uuid[]) LIMIT ?) AND state || '' = 'PENDING'
                  AND NOT cancel_requested AND (not_before IS NULL OR not_before <= ?)
                RETURNING *),
            attempt AS (
                INSERT INTO report_task_attempts (task_id, fencing_token, attempt, worker_id, started_at)
                SELECT id, fencing_token, attempts, ?, ? FROM claimed)
            SELECT claimed.* FROM claimed, async_commit""";

    /**
     * Undoes claims whose reports never began (claimed ahead by a slot that is busy for longer than expected, or
     * stopping): PENDING again, the attempt not counted and its row removed; the fencing token stays raised, so
     * the claim given back can write nothing. A claim whose cancel was asked while it waited ends CANCELLED instead
     * (its attempt closed CANCELLED): given back, no claim would take it again. Returns the tasks given back (not
     * those cancelled, nor those whose claim was lost meanwhile). They are not in the transport any more: the caller
     * hands them over again.
     */
    public Set<UUID> giveBack(List<ReportTask> claimed, Instant at) {
        if (claimed.isEmpty()) {
            return Set.of();
        }
        UUID[] ids = claimed.stream().map(ReportTask::id).toArray(UUID[]::new);
        Long[] tokens = claimed.stream().map(ReportTask::fencingToken).toArray(Long[]::new);
        Set<UUID> back =
                new HashSet<>(sql.query(GIVE_BACK, rs -> rs.getObject(1, UUID.class), ids, tokens, ids.length, at));
        back.forEach(changes::changed);
        for (ReportTask task : claimed) {
            if (!back.contains(task.id())) {
                // Still held here only if its cancel was asked (the give-back leaves those); a lost claim writes
                // nothing.
                cancelClaimed(task.id(), task.fencingToken(), at);
            }
        }
        return back;
    }

    /** Ends a claim still held whose cancel was asked: CANCELLED, its attempt closed CANCELLED. False if lost. */
    public boolean cancelClaimed(UUID id, long token, Instant at) {
        return finishWithout(
                id, token, ReportState.CANCELLED, false, ReportErrorCode.CANCELLED, "cancelled", "CANCELLED", at);
    }

    private static final String GIVE_BACK = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::int8[]) AS i(id, token)
                LIMIT ?),
            returned AS (
                UPDATE report_tasks t
                SET state = 'PENDING', attempts = t.attempts - 1, worker_id = NULL, lease_until = NULL,
                    started_at = NULL, enqueued_at = NULL, progress_current = 0, progress_status = NULL, updated_at = ?
                FROM input i
                WHERE t.id = i.id AND t.fencing_token = i.token AND t.state || '' = 'STARTED' AND NOT t.cancel_requested
                RETURNING t.id, t.fencing_token),
            removed AS (
                DELETE FROM report_task_attempts a USING returned r
                WHERE a.task_id = r.id AND a.fencing_token = r.fencing_token)
            SELECT id FROM returned""";

    /** Extends the lease of a claim still held; tells whether a cancel was requested meanwhile. */
    public Heartbeat heartbeat(UUID id, long token, Instant leaseUntil) {
        return dsl.update(REPORT_TASKS)
                .set(REPORT_TASKS.LEASE_UNTIL, leaseUntil)
                .where(ReportTaskRows.held(id, token))
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
                                .set(REPORT_TASKS.PROGRESS_STATUS, ReportTaskRows.clip(status))
                                .set(REPORT_TASKS.UPDATED_AT, at)
                                .where(ReportTaskRows.held(id, token))
                                .execute()
                        == 1);
    }

    /** The one SUCCESS of a task: only the current claim can write it; its attempt is closed in the same statement. */
    public boolean succeed(UUID id, long token, String storageKey, long sizeBytes, Instant fileExpiresAt, Instant at) {
        return succeedAll(
                        List.of(new Success(
                                id, token, Optional.of(new StoredFile(storageKey, sizeBytes, fileExpiresAt)))),
                        at)
                .contains(id);
    }

    /** A result to record: the claim that produced it and its stored file (none for a task that makes no file). */
    public record Success(UUID id, long token, Optional<StoredFile> file) {}

    /** Where a result's file is, how big, and when housekeeping may remove it. */
    public record StoredFile(String key, long sizeBytes, Instant expiresAt) {}

    /**
     * The SUCCESS of every task of {@code batch} whose claim is still current, with their attempts closed, in one
     * statement and one commit (group commit of results). Returns the tasks whose SUCCESS was written.
     */
    public Set<UUID> succeedAll(List<Success> batch, Instant at) {
        if (batch.isEmpty()) {
            return Set.of();
        }
        Object[] params = successParams(batch, at);
        Set<UUID> won = new HashSet<>();
        if (changes.wantsEndedRows()) {
            // Someone here waits for a result: read the rows back and hand them over, so the waiter need not.
            for (ReportTask t : sql.query(SUCCEED_ROWS, ReportTaskRows::toTask, params)) {
                won.add(t.id());
                changes.ended(t);
            }
        } else {
            won.addAll(sql.query(SUCCEED_IDS, rs -> rs.getObject(1, UUID.class), params));
            won.forEach(changes::finished);
        }
        return won;
    }

    /** The parameters of {@link #SUCCEED_IDS} and {@link #SUCCEED_ROWS} for {@code batch}. */
    static Object[] successParams(List<Success> batch, Instant at) {
        int n = batch.size();
        UUID[] ids = new UUID[n];
        Long[] tokens = new Long[n];
        String[] keys = new String[n];
        Long[] sizes = new Long[n];
        Instant[] expires = new Instant[n];
        for (int i = 0; i < n; i++) {
            Success s = batch.get(i);
            ids[i] = s.id();
            tokens[i] = s.token();
            keys[i] = s.file().map(StoredFile::key).orElse(null);
            sizes[i] = s.file().map(StoredFile::sizeBytes).orElse(null);
            expires[i] = s.file().map(StoredFile::expiresAt).orElse(null);
        }
        return new Object[] {ids, tokens, keys, sizes, expires, n, at, at, at};
    }

    // "LIMIT ?" (the batch's size: it limits nothing) lets PostgreSQL keep one plan for the statement. Planned
    // without a size, unnest of a parameter counts as 10 rows, which costs more than the plan made for the actual
    // few, so every execution was planned anew: 0.3-0.5 ms of a SUCCESS's 0.6-0.9 ms (pg_stat_statements).
    private static final String SUCCEED = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::int8[], ?::text[], ?::int8[], ?::timestamptz[])
                              AS i(id, token, storage_key, size_bytes, file_expires_at)
                LIMIT ?),
            changed AS (
                UPDATE report_tasks t
                SET state = 'SUCCESS', storage_key = i.storage_key, size_bytes = i.size_bytes,
                    file_expires_at = i.file_expires_at,
                    progress_current = greatest(t.progress_total, t.progress_current), progress_status = 'Rapor hazır',
                    error = NULL, error_code = NULL, lease_until = NULL, finished_at = ?, updated_at = ?
                FROM input i
                WHERE t.id = i.id AND t.fencing_token = i.token AND t.state || '' IN ('STARTED', 'PROGRESS')
                RETURNING %s),
            closed AS (
                UPDATE report_task_attempts a SET outcome = 'SUCCESS', error = NULL, finished_at = ?
                FROM changed c
                WHERE a.task_id = c.id AND a.fencing_token = c.fencing_token AND a.outcome IS NULL)
            """;
    private static final String SUCCEED_IDS = SUCCEED.formatted("t.id, t.fencing_token") + "SELECT id FROM changed";
    static final String SUCCEED_ROWS = SUCCEED.formatted("t.*") + "SELECT * FROM changed";

    /** A failed attempt that will be tried again at {@code retryAt}: back to PENDING, not before then. */
    public boolean retryLater(UUID id, long token, ReportErrorCode code, String error, Instant retryAt, Instant at) {
        return announced(
                id,
                updateAndCloseAttempt(
                        dsl.update(REPORT_TASKS)
                                .set(REPORT_TASKS.STATE, ReportState.PENDING.name())
                                .set(REPORT_TASKS.NOT_BEFORE, retryAt)
                                .set(REPORT_TASKS.WORKER_ID, (String) null)
                                .set(REPORT_TASKS.LEASE_UNTIL, (Instant) null)
                                .set(REPORT_TASKS.ENQUEUED_AT, (Instant) null)
                                .set(REPORT_TASKS.ERROR, ReportTaskRows.clip(error))
                                .set(REPORT_TASKS.ERROR_CODE, code.name())
                                .set(REPORT_TASKS.PROGRESS_STATUS, "Yeniden denenecek")
                                .set(REPORT_TASKS.UPDATED_AT, at)
                                .where(ReportTaskRows.held(id, token)),
                        id,
                        token,
                        "RETRY",
                        error,
                        at));
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
            ReportErrorCode code,
            String error,
            String attemptOutcome,
            Instant at) {
        boolean ended = updateAndCloseAttempt(
                dsl.update(REPORT_TASKS)
                        .set(REPORT_TASKS.STATE, state.name())
                        .set(REPORT_TASKS.DEAD_LETTERED, deadLetter)
                        .set(REPORT_TASKS.ERROR, ReportTaskRows.clip(error))
                        .set(REPORT_TASKS.ERROR_CODE, code.name())
                        .set(
                                REPORT_TASKS.PROGRESS_STATUS,
                                state == ReportState.CANCELLED ? "İptal edildi" : "Rapor oluşturulamadı")
                        .set(REPORT_TASKS.LEASE_UNTIL, (Instant) null)
                        .set(REPORT_TASKS.FINISHED_AT, at)
                        .set(REPORT_TASKS.UPDATED_AT, at)
                        .where(ReportTaskRows.held(id, token)),
                id,
                token,
                attemptOutcome,
                error,
                at);
        if (ended) {
            changes.finished(id);
        }
        return ended;
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
                    .and(REPORT_TASKS.STATE.in(ReportTaskRows.RUNNING))
                    .execute();
        }
        if (pending == 1) {
            changes.finished(id);
        } else {
            changes.changed(id);
        }
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
                                .set(REPORT_TASKS.ERROR_CODE, (String) null)
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

    /**
     * Runs a guarded update of the task and, when it changed the row, closes the attempt in the same statement
     * (one round trip, one commit). True when the task row changed; the caller announces it.
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
        return ReportTaskRows.closeAttempt(dsl.with(cte).update(REPORT_TASK_ATTEMPTS), id, token, outcome, error, at)
                        .and(DSL.exists(DSL.selectOne().from(DSL.table(changed))))
                        .execute()
                == 1;
    }
}
