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
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

    /**
     * The columns {@link #toTask} reads, in its order: every statement that answers with tasks selects (or returns)
     * these first, by this list, and anything else after them. Read by position: read by name, each column was looked
     * up in a map PgJDBC builds for every result, more code for the JIT among the queue's measured tasks (issue 17).
     */
    static final String COLUMNS = columns("");

    /** {@link #COLUMNS} qualified by a table's alias, as {@code t.id, t.task_type, …}. */
    static String columns(String alias) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return Stream.of(
                        "id",
                        "task_type",
                        "queue",
                        "parameters",
                        "requested_by",
                        "state",
                        "progress_current",
                        "progress_total",
                        "progress_status",
                        "attempts",
                        "max_attempts",
                        "worker_id",
                        "fencing_token",
                        "lease_until",
                        "not_before",
                        "dead_lettered",
                        "cancel_requested",
                        "idempotency_key",
                        "storage_key",
                        "size_bytes",
                        "error",
                        "created_at",
                        "started_at",
                        "finished_at",
                        "file_expires_at",
                        "file_deleted_at",
                        "error_code")
                .map(c -> prefix + c)
                .collect(Collectors.joining(", "));
    }

    /** A row that starts with {@link #COLUMNS}, as a task. */
    static ReportTask toTask(ResultSet rs) throws SQLException {
        return toTask(rs, readParams(rs.getString(4)));
    }

    /** As {@link #toTask(ResultSet)}, with its parameters known (just written): their JSON is not parsed again. */
    static ReportTask toTask(ResultSet rs, Map<String, String> parameters) throws SQLException {
        return new ReportTask(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                parameters,
                rs.getString(5),
                ReportState.valueOf(rs.getString(6)),
                new ReportTask.Progress(rs.getLong(7), rs.getLong(8), Optional.ofNullable(rs.getString(9))),
                rs.getInt(10),
                rs.getInt(11),
                Optional.ofNullable(rs.getString(12)),
                rs.getLong(13),
                Optional.ofNullable(FixedSql.instant(rs, 14)),
                Optional.ofNullable(FixedSql.instant(rs, 15)),
                rs.getBoolean(16),
                rs.getBoolean(17),
                Optional.ofNullable(rs.getString(18)),
                Optional.ofNullable(rs.getString(19)),
                Optional.ofNullable(FixedSql.nullableLong(rs, 20)),
                Optional.ofNullable(rs.getString(21)),
                FixedSql.instant(rs, 22),
                Optional.ofNullable(FixedSql.instant(rs, 23)),
                Optional.ofNullable(FixedSql.instant(rs, 24)),
                Optional.ofNullable(FixedSql.instant(rs, 25)),
                Optional.ofNullable(FixedSql.instant(rs, 26)),
                Optional.ofNullable(rs.getString(27)).map(c -> ReportErrorCode.of(Optional.of(c))));
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
