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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The end a claimed attempt writes to {@code report_tasks}, its attempt row closed in the same statement: the one
 * SUCCESS (alone or a batch of them), a retry later, a FAILURE or a CANCELLED. Only the claim whose fencing token is
 * current can write it; a stale one changes nothing. Obtained from {@link ReportTaskRepository#ends()}.
 */
public final class ReportTaskEnds {
    private final DSLContext dsl;
    private final FixedSql sql;
    private final ReportChanges changes;

    ReportTaskEnds(DSLContext dsl, ReportChanges changes) {
        this.dsl = dsl;
        this.sql = new FixedSql(dsl);
        this.changes = changes;
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
        boolean retried = updateAndCloseAttempt(
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
                at);
        if (retried) {
            changes.changed(id);
        }
        return retried;
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

    /** Ends a claim still held whose cancel was asked: CANCELLED, its attempt closed CANCELLED. False if lost. */
    public boolean cancelClaimed(UUID id, long token, Instant at) {
        return finishWithout(
                id, token, ReportState.CANCELLED, false, ReportErrorCode.CANCELLED, "cancelled", "CANCELLED", at);
    }

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
