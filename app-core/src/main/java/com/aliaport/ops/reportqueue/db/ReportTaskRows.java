package com.aliaport.ops.reportqueue.db;

import static com.aliaport.ops.db.generated.Tables.REPORT_TASKS;
import static com.aliaport.ops.db.generated.Tables.REPORT_TASK_ATTEMPTS;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.FixedSql;
import com.aliaport.ops.db.generated.tables.records.ReportTaskAttemptsRecord;
import com.aliaport.ops.reportqueue.ReportErrorCode;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;

/** What the task statements share: the row as a task, the guard of a held claim, closing its attempt. */
final class ReportTaskRows {
    private static final int MAX_TEXT = 4_000;
    static final List<String> RUNNING = List.of(ReportState.STARTED.name(), ReportState.PROGRESS.name());

    private ReportTaskRows() {}

    static Condition held(UUID id, long token) {
        return REPORT_TASKS.ID.eq(id).and(REPORT_TASKS.FENCING_TOKEN.eq(token)).and(REPORT_TASKS.STATE.in(RUNNING));
    }

    /** Completes {@code update} of the attempts table into the update that closes a claim's still-open attempt. */
    static org.jooq.UpdateConditionStep<ReportTaskAttemptsRecord> closeAttempt(
            org.jooq.UpdateSetFirstStep<ReportTaskAttemptsRecord> update,
            UUID id,
            long token,
            String outcome,
            String error,
            Instant at) {
        return update.set(REPORT_TASK_ATTEMPTS.OUTCOME, outcome)
                .set(REPORT_TASK_ATTEMPTS.ERROR, clip(error))
                .set(REPORT_TASK_ATTEMPTS.FINISHED_AT, at)
                .where(REPORT_TASK_ATTEMPTS.TASK_ID.eq(id))
                .and(REPORT_TASK_ATTEMPTS.FENCING_TOKEN.eq(token))
                .and(REPORT_TASK_ATTEMPTS.OUTCOME.isNull());
    }

    /** A {@code report_tasks} row (selected with {@code *}) as a task. */
    static ReportTask toTask(ResultSet rs) throws SQLException {
        return new ReportTask(
                rs.getObject("id", UUID.class),
                rs.getString("task_type"),
                rs.getString("queue"),
                readParams(rs.getString("parameters")),
                rs.getString("requested_by"),
                ReportState.valueOf(rs.getString("state")),
                new ReportTask.Progress(
                        rs.getLong("progress_current"),
                        rs.getLong("progress_total"),
                        Optional.ofNullable(rs.getString("progress_status"))),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                Optional.ofNullable(rs.getString("worker_id")),
                rs.getLong("fencing_token"),
                Optional.ofNullable(FixedSql.instant(rs, "lease_until")),
                Optional.ofNullable(FixedSql.instant(rs, "not_before")),
                rs.getBoolean("dead_lettered"),
                rs.getBoolean("cancel_requested"),
                Optional.ofNullable(rs.getString("idempotency_key")),
                Optional.ofNullable(rs.getString("storage_key")),
                Optional.ofNullable(FixedSql.nullableLong(rs, "size_bytes")),
                Optional.ofNullable(rs.getString("error")),
                FixedSql.instant(rs, "created_at"),
                Optional.ofNullable(FixedSql.instant(rs, "started_at")),
                Optional.ofNullable(FixedSql.instant(rs, "finished_at")),
                Optional.ofNullable(FixedSql.instant(rs, "file_expires_at")),
                Optional.ofNullable(FixedSql.instant(rs, "file_deleted_at")),
                Optional.ofNullable(rs.getString("error_code")).map(c -> ReportErrorCode.of(Optional.of(c))));
    }

    private static Map<String, String> readParams(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.readStrings(json);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    static String clip(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }
}
