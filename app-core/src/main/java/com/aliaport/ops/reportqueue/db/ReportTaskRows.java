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

    /** How a column of a task row is read. */
    private enum Kind {
        UUID,
        TEXT,
        /** {@code bigint}, 0 when null (as {@link ResultSet#getLong}). */
        LONG,
        NULLABLE_LONG,
        INT,
        BOOL,
        /** {@code timestamptz} as an {@link Instant}, or null. */
        INSTANT
    }

    /** A column {@link #toTask} reads and how. */
    private record Column(String name, Kind kind) {}

    /** The columns {@link #toTask} reads, in its order. */
    private static final List<Column> TASK_COLUMNS = List.of(
            new Column("id", Kind.UUID),
            new Column("task_type", Kind.TEXT),
            new Column("queue", Kind.TEXT),
            new Column("parameters", Kind.TEXT),
            new Column("requested_by", Kind.TEXT),
            new Column("state", Kind.TEXT),
            new Column("progress_current", Kind.LONG),
            new Column("progress_total", Kind.LONG),
            new Column("progress_status", Kind.TEXT),
            new Column("attempts", Kind.INT),
            new Column("max_attempts", Kind.INT),
            new Column("worker_id", Kind.TEXT),
            new Column("fencing_token", Kind.LONG),
            new Column("lease_until", Kind.INSTANT),
            new Column("not_before", Kind.INSTANT),
            new Column("dead_lettered", Kind.BOOL),
            new Column("cancel_requested", Kind.BOOL),
            new Column("idempotency_key", Kind.TEXT),
            new Column("storage_key", Kind.TEXT),
            new Column("size_bytes", Kind.NULLABLE_LONG),
            new Column("error", Kind.TEXT),
            new Column("created_at", Kind.INSTANT),
            new Column("started_at", Kind.INSTANT),
            new Column("finished_at", Kind.INSTANT),
            new Column("file_expires_at", Kind.INSTANT),
            new Column("file_deleted_at", Kind.INSTANT),
            new Column("error_code", Kind.TEXT));

    private static final Kind[] KINDS = TASK_COLUMNS.stream().map(Column::kind).toArray(Kind[]::new);

    /**
     * The columns {@link #toTask} reads, in its order: every statement that answers with tasks selects (or returns)
     * these first, by this list, and anything else after them.
     */
    static final String COLUMNS = columns("");

    /** {@link #COLUMNS} qualified by a table's alias, as {@code t.id, t.task_type, …}. */
    static String columns(String alias) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return TASK_COLUMNS.stream().map(c -> prefix + c.name()).collect(Collectors.joining(", "));
    }

    /** A row that starts with {@link #COLUMNS}, as a task. */
    static ReportTask toTask(ResultSet rs) throws SQLException {
        return toTask(rs, readParams(rs.getString(4)));
    }

    /**
     * As {@link #toTask(ResultSet)}, with its parameters known (just written): their JSON is not parsed again.
     *
     * <p>The row is read by position in one loop, one read call for each kind of column, instead of 27 calls by name:
     * HotSpot's optimising compiler inlined each of those with PgJDBC's lookup and conversion behind it, into this
     * method and again into every statement's row mapper, 80-120 KB of machine code a copy, 0.3-1.1 s of compiling
     * each on the one C2 thread of a two-core machine, which then reached the queue's other hot methods only during
     * the measured batch of issue 17 (session 35, JFR).
     */
    static ReportTask toTask(ResultSet rs, Map<String, String> parameters) throws SQLException {
        Object[] v = new Object[KINDS.length];
        for (int i = 0; i < KINDS.length; i++) {
            v[i] = read(rs, i + 1, KINDS[i]);
        }
        String errorCode = (String) v[26];
        return new ReportTask(
                (UUID) v[0],
                (String) v[1],
                (String) v[2],
                parameters,
                (String) v[4],
                ReportState.valueOf((String) v[5]),
                new ReportTask.Progress((Long) v[6], (Long) v[7], Optional.ofNullable((String) v[8])),
                (Integer) v[9],
                (Integer) v[10],
                Optional.ofNullable((String) v[11]),
                (Long) v[12],
                Optional.ofNullable((Instant) v[13]),
                Optional.ofNullable((Instant) v[14]),
                (Boolean) v[15],
                (Boolean) v[16],
                Optional.ofNullable((String) v[17]),
                Optional.ofNullable((String) v[18]),
                Optional.ofNullable((Long) v[19]),
                Optional.ofNullable((String) v[20]),
                (Instant) v[21],
                Optional.ofNullable((Instant) v[22]),
                Optional.ofNullable((Instant) v[23]),
                Optional.ofNullable((Instant) v[24]),
                Optional.ofNullable((Instant) v[25]),
                errorCode == null ? Optional.empty() : Optional.of(ReportErrorCode.of(Optional.of(errorCode))));
    }

    private static Object read(ResultSet rs, int index, Kind kind) throws SQLException {
        return switch (kind) {
            case UUID -> rs.getObject(index, UUID.class);
            case TEXT -> rs.getString(index);
            case LONG -> rs.getLong(index);
            case NULLABLE_LONG -> FixedSql.nullableLong(rs, index);
            case INT -> rs.getInt(index);
            case BOOL -> rs.getBoolean(index);
            case INSTANT -> FixedSql.instant(rs, index);
        };
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
