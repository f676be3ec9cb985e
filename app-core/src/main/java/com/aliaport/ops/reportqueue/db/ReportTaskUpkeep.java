package com.aliaport.ops.reportqueue.db;

import static com.aliaport.ops.db.generated.Tables.REPORT_TASKS;
import static com.aliaport.ops.db.generated.Tables.REPORT_TASK_ATTEMPTS;

import com.aliaport.ops.db.FixedSql;
import com.aliaport.ops.db.generated.tables.records.ReportTasksRecord;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportErrorCode;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * The statements of the queue's upkeep on {@code report_tasks} and {@code report_task_attempts}: the reconciler's
 * (expired leases, tasks to check against Redis, hand-over marks, planner statistics) and the file housekeeping's.
 * The per-task path is {@link ReportTaskAdmissions} (submission), {@link ReportTaskRepository} (claim,
 * heartbeat) and {@link ReportTaskEnds} (result).
 */
public final class ReportTaskUpkeep {
    /** Analysed rows from which a queue table's growth calls for an {@code ANALYZE} at four times, not twice. */
    public static final int SETTLED_ROWS = 10_000;

    private final DSLContext dsl;
    private final FixedSql sql;
    private final ReportChanges changes;

    ReportTaskUpkeep(DSLContext dsl, ReportChanges changes) {
        this.dsl = dsl;
        this.sql = new FixedSql(dsl);
        this.changes = changes;
    }

    /** How a lease expiry was resolved. */
    public record LeaseExpiry(UUID taskId, String queue, ReportState newState) {}

    /**
     * Refreshes the planner's statistics of the queue's tables when they are stale and autovacuum has not (it may
     * be off, or behind): the per-task statements are prepared once per connection, and a plan made while the
     * table was nearly empty scans it whole on every call until the next {@code ANALYZE}. Stale: the table has more
     * than doubled since it was last analysed (or never was, past 1,000 rows), more than quadrupled once analysed at
     * {@value #SETTLED_ROWS} rows or more, or churned through once more than its size: as many writes as its rows'
     * whole lives take (a task's row is written three times: submitted, claimed, ended; an attempt's twice), so that a
     * table of finished tasks is not analysed again for the writes of its own rows (every 7,000 tasks at 20,000, 0.16
     * s of a core each). A few {@code ANALYZE}s while a table is small, then rarely. True when it analysed.
     *
     * <p>Past {@value #SETTLED_ROWS} rows the index plans of the per-task statements are settled and the planner
     * scales the analysed row count by the table's current size in pages: what growth leaves stale is the mix of
     * states (statistics taken during a burst count many open tasks), kept within a quarter of the table. At each
     * doubling, issue 17's bench analysed a table 8-44 ms of a core once or twice among its 20,000 single round trips,
     * up to 0.4 s before the measured ones (session 58's PostgreSQL log).
     *
     * <p>It samples 6,000 rows (statistics target 20) instead of the default 30,000: enough for the row counts and
     * the few states the queue's plans depend on, and a quarter of the time (0.13 s against 0.55 s on 160,000 tasks
     * on a 2-core machine), taken from the same cores as the workers' path. Each table is analysed only when its
     * own statistics are stale.
     */
    public boolean analyzeIfStale() {
        // The statistics functions, not the pg_stat_user_tables view (a join of several catalogs): 0.2 ms a call
        // against 0.5, and 0.9 against 1.8-2.1 ms on a connection that has not read those catalogs yet.
        List<String> stale = sql.query("""
                        SELECT c.relname FROM pg_class c
                        WHERE c.oid IN ('report_tasks'::regclass, 'report_task_attempts'::regclass)
                          AND (pg_stat_get_live_tuples(c.oid)
                                  > CASE WHEN c.reltuples < ?::real THEN 2 ELSE 4 END * greatest(c.reltuples, 0) + 1000
                               OR pg_stat_get_mod_since_analyze(c.oid)
                                  > CASE c.relname WHEN 'report_tasks' THEN 3 ELSE 2 END
                                    * pg_stat_get_live_tuples(c.oid) + 1000)
                        ORDER BY c.relname DESC""", rs -> rs.getString(1), SETTLED_ROWS);
        if (!stale.isEmpty()) {
            // Only the stale table: under a burst the attempts (written at the claim) lag the tasks (at the
            // submission) and outgrow their statistics seconds after both were analysed (session 27: report_tasks
            // analysed again 2-4 s after its last ANALYZE, 50-120 ms of a core among the queue's own work).
            // On one pooled connection left in autocommit, the target set for its session and reset after: not
            // in a transaction, whose autocommit switch HikariCP resets as the connection goes back. That reset is
            // a branch of ProxyConnection.close that the per-task statements never take, so C2's code of the
            // per-task path (which inlines the close) was thrown away at an ANALYZE and compiled again 0.2-1.6 s
            // later, at times beside the single round trips of issue 17's bench (session 56's JIT logs).
            // Prepared statements, as the per-task path's, which shares PgJDBC's code with them.
            dsl.connection(c -> {
                execute(c, "SET default_statistics_target = 20");
                try {
                    execute(c, "ANALYZE " + String.join(", ", stale));
                } finally {
                    execute(c, "RESET default_statistics_target");
                }
            });
        }
        return !stale.isEmpty();
    }

    private static void execute(Connection c, String statement) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(statement)) {
            st.execute();
        }
    }

    /**
     * Notes that the reconciler checked these pending tasks against the transport at {@code at}. A task whose row is
     * locked is being claimed (or otherwise changed) right now: it is skipped, not waited for. Waiting deadlocked
     * with a worker's claim, which locks its batch of rows in another order (PostgreSQL broke it after its
     * one-second {@code deadlock_timeout}, the claim's slot idle meanwhile).
     */
    public void markEnqueued(Collection<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        sql.update("""
                UPDATE report_tasks SET enqueued_at = ?
                WHERE id IN (SELECT id FROM report_tasks WHERE id = ANY(?::uuid[]) AND state = 'PENDING'
                             FOR NO KEY UPDATE SKIP LOCKED)""", at, ids.toArray(UUID[]::new));
    }

    /**
     * Whether a claim's lease ran out by {@code now}: one read on the running tasks' lease index, which the reconciler
     * asks before {@link #expireLeases}, so that the expiry's transaction runs only when there is something to
     * resolve. Run every second on every node with nothing to resolve, that transaction took 4-11 ms of the
     * reconciler's thread (issue 17's bench, among the single round trips).
     */
    public boolean anyLeaseExpired(Instant now) {
        return sql.queryOne("""
                        SELECT 1 FROM report_tasks
                        WHERE state IN ('STARTED', 'PROGRESS') AND lease_until < ? LIMIT 1""", rs -> true, now).isPresent();
    }

    /**
     * Resolves claims whose lease ran out (the worker died or lost PostgreSQL for longer than its lease):
     * cancelled if a cancel was asked, dead-lettered when out of attempts, otherwise PENDING again at once.
     */
    public List<LeaseExpiry> expireLeases(Instant now, int limit) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            List<ReportTasksRecord> expired = tx.selectFrom(REPORT_TASKS)
                    .where(REPORT_TASKS.STATE.in(ReportTaskRows.RUNNING))
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
                                        REPORT_TASKS.ERROR_CODE,
                                        switch (next) {
                                            case CANCELLED -> ReportErrorCode.CANCELLED.name();
                                            case FAILURE -> ReportErrorCode.WORKER_LOST.name();
                                            default -> r.getErrorCode();
                                        })
                                .set(
                                        REPORT_TASKS.PROGRESS_STATUS,
                                        switch (next) {
                                            case CANCELLED -> "İptal edildi";
                                            case FAILURE -> "Rapor oluşturulamadı";
                                            default -> "Rapor kuyruğunda bekliyor";
                                        })
                                .set(REPORT_TASKS.FINISHED_AT, next.terminal() ? now : null)
                                .set(REPORT_TASKS.UPDATED_AT, now);
                        update.where(ReportTaskRows.held(r.getId(), r.getFencingToken()))
                                .execute();
                        ReportTaskRows.closeAttempt(
                                        tx.update(REPORT_TASK_ATTEMPTS),
                                        r.getId(),
                                        r.getFencingToken(),
                                        "LOST",
                                        lost,
                                        now)
                                .execute();
                        if (next.terminal()) {
                            changes.finished(r.getId());
                        } else {
                            changes.changed(r.getId());
                        }
                        return new LeaseExpiry(r.getId(), r.getQueue(), next);
                    })
                    .toList();
        });
    }

    /**
     * Pending, due, not cancelled tasks not handed over or checked since {@code checkedBefore} and left alone
     * since {@code settledBefore} (a submission in flight is not lost): the ones the reconciler checks against
     * Redis. Those whose retry waited first, by due time, then the others by age: the order of the pending tasks'
     * own index ({@code report_tasks_pending_due_idx}), so that no other index can serve it. Ordered by creation
     * time alone, the scan could walk the console's creation-time index over every task, finished ones too; the
     * planner took that way on statistics taken during a burst (most tasks pending) and kept it until the next
     * {@code ANALYZE}: every pass, on every node.
     */
    public List<ReportTask> dueForCheck(Instant now, Instant checkedBefore, Instant settledBefore, int limit) {
        return sql.query("""
                SELECT * FROM report_tasks
                WHERE state = 'PENDING' AND NOT cancel_requested AND (not_before IS NULL OR not_before <= ?)
                  AND updated_at < ? AND (enqueued_at IS NULL OR enqueued_at < ?)
                ORDER BY not_before, created_at LIMIT ?""", ReportTaskRows::toTask, now, settledBefore, checkedBefore, limit);
    }

    /** Stored files past their expiry, for housekeeping. */
    public List<ReportTask> expiredFiles(Instant now, int limit) {
        return sql.query("""
                SELECT * FROM report_tasks
                WHERE storage_key IS NOT NULL AND file_deleted_at IS NULL AND file_expires_at <= ?
                ORDER BY file_expires_at LIMIT ?""", ReportTaskRows::toTask, now, limit);
    }

    public void markFileDeleted(UUID id, Instant at) {
        dsl.update(REPORT_TASKS)
                .set(REPORT_TASKS.FILE_DELETED_AT, at)
                .set(REPORT_TASKS.UPDATED_AT, at)
                .where(REPORT_TASKS.ID.eq(id))
                .execute();
    }
}
