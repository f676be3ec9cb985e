package com.aliaport.ops.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * A transaction left open between statements that may come from different threads: one connection of the pool,
 * held from {@link #begin} until {@link #commit} or {@link #close} (which rolls back what was not committed). Its
 * statements are {@link FixedSql}'s. Not for concurrent use: its owner serialises the calls.
 */
public final class OpenTransaction implements AutoCloseable {
    private final ConnectionProvider provider;
    private final Connection connection;
    private boolean finished;

    private OpenTransaction(ConnectionProvider provider, Connection connection) {
        this.provider = provider;
        this.connection = connection;
    }

    /** Takes a connection from {@code dsl}'s pool; the transaction begins with the first statement. */
    public static OpenTransaction begin(DSLContext dsl) {
        ConnectionProvider provider = dsl.configuration().connectionProvider();
        Connection connection = provider.acquire();
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            provider.release(connection);
            throw new DataAccessException("cannot begin a transaction: " + e.getMessage(), e);
        }
        return new OpenTransaction(provider, connection);
    }

    public <T> List<T> query(String sql, FixedSql.Row<T> row, Object... params) {
        return FixedSql.query(connection, sql, row, params);
    }

    /**
     * Runs {@code sql} and commits in the same round trip (the statement and a {@code COMMIT} sent together), then
     * gives the connection back: the rows {@code sql} returned. Throws, with nothing committed (or in doubt), when
     * either fails; after a failed statement the transaction is still to be {@link #close}d, as after
     * {@link #query}.
     */
    public <T> List<T> queryAndCommit(String sql, FixedSql.Row<T> row, Object... params) {
        List<T> rows = FixedSql.queryFirst(connection, sql + ";\nCOMMIT", row, params);
        commit(); // nothing left to send: the driver saw the transaction end
        return rows;
    }

    /** Commits and gives the connection back; a failed commit throws, with nothing committed (or in doubt). */
    public void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new DataAccessException("commit failed: " + e.getMessage(), e);
        } finally {
            giveBack();
        }
    }

    /** Rolls back what is not committed and gives the connection back; nothing once committed. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            // A broken connection: PostgreSQL rolled the transaction back when it lost it.
        } finally {
            giveBack();
        }
    }

    private void giveBack() {
        finished = true;
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // The pool checks a connection it gets back and drops a broken one.
        }
        provider.release(connection);
    }
}
