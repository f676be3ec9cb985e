package com.aliaport.ops.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Statements with fixed SQL text, run on plain JDBC over the {@link DSLContext}'s connections. Meant for the
 * few statements on a hot path: jOOQ builds and renders a query anew on every call, which cost the report queue
 * about 2 ms of CPU per task (more than PostgreSQL's own work); a fixed text is parsed once per connection and
 * then runs as a server-side prepared statement. Binds arrays (of {@code UUID}, {@code String}, {@code Long},
 * {@code Integer}, {@code Instant}) as PostgreSQL arrays in their text form ({@link PgArrayText}), typed by the
 * statement ({@code ?::uuid[]}, or {@code id = ANY(?)}): one statement for a whole batch, through {@code unnest}; and
 * an {@link Instant} as its ISO-8601 text ({@link PgTimestampText}), untyped, read as {@code timestamptz} by the
 * column or cast it meets, as an array's instants are: PostgreSQL rounds every instant to the microsecond the same
 * way. Errors come out as jOOQ's {@link DataAccessException}, like everywhere else.
 */
public final class FixedSql {
    private final DSLContext dsl;

    public FixedSql(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> query(String sql, Row<T> row, Object... params) {
        return dsl.connectionResult(connection -> query(connection, sql, row, params));
    }

    private static <T> List<T> query(Connection connection, String sql, Row<T> row, Object... params) {
        return run(connection, sql, params, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rows(rs, row);
            }
        });
    }

    private static <T> List<T> rows(ResultSet rs, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
            out.add(row.map(rs));
        }
        return out;
    }

    public <T> Optional<T> queryOne(String sql, Row<T> row, Object... params) {
        List<T> rows = query(sql, row, params);
        if (rows.size() > 1) {
            throw new DataAccessException("expected at most one row, got " + rows.size() + ": " + sql);
        }
        return rows.stream().findFirst();
    }

    /** Runs an INSERT, UPDATE or DELETE; the number of rows it changed. */
    public int update(String sql, Object... params) {
        return dsl.connectionResult(connection -> run(connection, sql, params, PreparedStatement::executeUpdate));
    }

    private interface Execution<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    private static <T> T run(Connection connection, String sql, Object[] params, Execution<T> execution) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            return execution.run(ps);
        } catch (SQLException e) {
            throw new DataAccessException("SQL [" + firstLine(sql) + "]; " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        // The common scalars through their own setters: PgJDBC's setObject tests a value against some twenty types
        // before it reaches the same setter.
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof String text) {
                ps.setString(i + 1, text);
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (p instanceof Instant instant) {
                // As text, not PgJDBC's timestamp formatting: code the batches never run, which the JIT compiled
                // among the report queue's single round trips (issue 17); nor Instant.toString's (PgTimestampText).
                ps.setObject(i + 1, PgTimestampText.of(instant), Types.OTHER);
            } else if (p instanceof Object[] elements) {
                // Each element as text (PgArrayText): an instant as ISO-8601, read as timestamptz to the microsecond.
                ps.setObject(i + 1, PgArrayText.of(elements), Types.OTHER);
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    /** A {@code timestamptz} column as an instant, or null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A nullable {@code bigint} column. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static String firstLine(String sql) {
        String s = sql.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }
}
