package com.aliaport.ops.seed.db;

import com.aliaport.ops.db.DatabaseException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows streamed into a table with PostgreSQL's {@code COPY … FROM STDIN} (text format), buffered in 256 KB
 * chunks: an order of magnitude faster than batched inserts for the large demo scale.
 */
public final class CopyStream implements AutoCloseable {
    private static final int FLUSH_AT = 256 * 1024;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
    private boolean firstField = true;
    private long rows;

    private CopyStream(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts {@code COPY table (columns) FROM STDIN} on the caller's (transactional) connection. */
    public static CopyStream open(Connection connection, String table, String... columns) {
        try {
            PGConnection pg = connection.unwrap(PGConnection.class);
            String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
            return new CopyStream(pg.getCopyAPI().copyIn(sql));
        } catch (SQLException e) {
            throw new DatabaseException("cannot start COPY into " + table + ": " + e.getMessage(), e);
        }
    }

    public CopyStream text(String value) {
        separate();
        if (value == null) {
            buffer.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(c);
            }
        }
        return this;
    }

    /** {@code prefix} then {@code number} zero-padded to {@code width} digits: ("ALF2025", 42, 9) → ALF2025000000042. */
    public CopyStream padded(String prefix, long number, int width) {
        text(prefix);
        String digits = Long.toString(number);
        for (int i = digits.length(); i < width; i++) {
            buffer.append('0');
        }
        buffer.append(digits);
        return this;
    }

    /** A value written as is: for text known to need no escaping (dates, timestamps formatted by the caller). */
    public CopyStream raw(String value) {
        separate();
        buffer.append(value);
        return this;
    }

    public CopyStream number(long value) {
        separate();
        buffer.append(value);
        return this;
    }

    public CopyStream number(BigDecimal value) {
        separate();
        buffer.append(value == null ? "\\N" : value.toPlainString());
        return this;
    }

    /** An amount given in hundredths: 123456 → {@code 1234.56}. */
    public CopyStream cents(long value) {
        separate();
        long abs = Math.abs(value);
        if (value < 0) {
            buffer.append('-');
        }
        buffer.append(abs / 100).append('.');
        long fraction = abs % 100;
        if (fraction < 10) {
            buffer.append('0');
        }
        buffer.append(fraction);
        return this;
    }

    public CopyStream date(LocalDate value) {
        separate();
        buffer.append(value);
        return this;
    }

    public CopyStream instant(Instant value) {
        separate();
        buffer.append(value == null ? "\\N" : value.toString());
        return this;
    }

    public void endRow() {
        buffer.append('\n');
        firstField = true;
        rows++;
        if (buffer.length() >= FLUSH_AT) {
            flush();
        }
    }

    public long rows() {
        return rows;
    }

    private void separate() {
        if (!firstField) {
            buffer.append('\t');
        }
        firstField = false;
    }

    private void flush() {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new DatabaseException("COPY failed after " + rows + " rows: " + e.getMessage(), e);
        }
    }

    /** Sends what is left and ends the COPY; returns the rows the server took. */
    public long finish() {
        flush();
        try {
            return copy.endCopy();
        } catch (SQLException e) {
            throw new DatabaseException("COPY failed at its end after " + rows + " rows: " + e.getMessage(), e);
        }
    }

    /** Abandons an unfinished COPY (after an error) so the connection can roll back. */
    @Override
    public void close() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the transaction is rolled back anyway
            }
        }
    }
}
