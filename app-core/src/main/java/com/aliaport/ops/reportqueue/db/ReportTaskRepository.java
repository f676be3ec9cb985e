package com.aliaport.ops.reportqueue.db;

import static com.aliaport.ops.db.generated.Tables.REPORT_TASKS;
import static com.aliaport.ops.db.generated.Tables.REPORT_TASK_ATTEMPTS;

import com.aliaport.ops.db.FixedSql;
import com.aliaport.ops.reportqueue.ReportChanges;
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
 * heartbeat, progress, an operator's cancel and requeue (the submissions' statement is {@link #admissions()}, the
 * end a claim writes {@link #ends()}, the reconciler's and housekeeping's {@link #upkeep()}).
 * Every write by a worker names the fencing token of its claim and changes nothing when the token is stale: a
 * worker that lost its claim cannot overwrite the task.
 */
public final class ReportTaskRepository {
    private final DSLContext dsl;
    private final FixedSql sql;
    private final ReportChanges changes;
    private final ReportTaskEnds ends;

    public ReportTaskRepository(DSLContext dsl) {
        this(dsl, ReportChanges.NONE);
    }

    /** With {@code changes} told of every task this repository changes (live progress announcements). */
    public ReportTaskRepository(DSLContext dsl, ReportChanges changes) {
        this.dsl = dsl;
        this.sql = new FixedSql(dsl);
        this.changes = changes;
        this.ends = new ReportTaskEnds(dsl, changes);
    }

    /** How a claimed attempt ends (SUCCESS, retry, FAILURE, CANCELLED), telling the same {@code changes}. */
    public ReportTaskEnds ends() {
        return ends;
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
                ends.cancelClaimed(task.id(), task.fencingToken(), at);
            }
        }
        return back;
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
}
