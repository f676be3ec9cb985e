package com.aliaport.ops.auditlog.db;

import com.aliaport.ops.auditlog.AuditArchiveException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * One connection held for a whole archive run or partition change, holding the PostgreSQL advisory lock that lets
 * only one of them work at a time across all nodes and the CLI. A killed process drops its connection and with it
 * the lock, so the next run is never blocked by a dead one. Statements run in autocommit (each on its own) unless
 * wrapped in {@code dsl().transaction(...)}.
 */
public final class AuditSession implements AutoCloseable {
    /** "AUDITLOG" in ASCII. */
    static final long LOCK_KEY = 0x415544_49544C4F47L;

    private final Connection connection;
    private final DSLContext dsl;

    private AuditSession(Connection connection, DSLContext dsl) {
        this.connection = connection;
        this.dsl = dsl;
    }

    /** Opens a session when no other run holds the audit lock; empty when one does. */
    public static Optional<AuditSession> tryOpen(DataSource dataSource, Settings settings) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new AuditArchiveException("cannot connect for audit archiving: " + e.getMessage(), e);
        }
        try {
            connection.setAutoCommit(true);
            DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES, settings);
            Boolean locked = Sql.value(dsl, Boolean.class, "select pg_try_advisory_lock(?)", LOCK_KEY);
            if (!Boolean.TRUE.equals(locked)) {
                connection.close();
                return Optional.empty();
            }
            return Optional.of(new AuditSession(connection, dsl));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw new AuditArchiveException("cannot take the audit archiving lock: " + e.getMessage(), e);
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    @Override
    public void close() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            // Session settings a run made (AuditTables.writeBackAsYouGo) must not follow the connection into the pool.
            dsl.execute("reset all");
            dsl.execute("select pg_advisory_unlock(?)", LOCK_KEY);
        } catch (SQLException | RuntimeException e) {
            // The pool drops a broken connection; the lock goes with its session.
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to release
        }
    }
}
