package com.aliaport.ops.jobrun.db;

import com.aliaport.ops.db.DatabaseException;
import com.aliaport.ops.jobrun.RunGuard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RunGuard} as a PostgreSQL session advisory lock per job, held on a connection of its own for the run's
 * whole life. Every process that runs jobs (daemon nodes, the CLI) meets the same lock. A process that dies drops
 * its connection and with it the lock, so a dead node never blocks a job: a killed process's socket is closed by
 * its kernel at once, and for a host that vanished (power loss, cut network) the server-side TCP keepalives set on
 * the connection end the session within about 25 s.
 */
public final class PgRunGuard implements RunGuard {
    private static final Logger log = LoggerFactory.getLogger(PgRunGuard.class);

    private final DataSource dataSource;

    public PgRunGuard(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The lock key of a job: 64 bits of SHA-256 of a prefixed job id, out of the way of other advisory locks. */
    static long key(String jobId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("aliaport.job-run:" + jobId).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (digest[i] & 0xFF);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public Optional<Held> tryAcquire(String jobId) {
        long key = key(jobId);
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect to take the run guard of " + jobId + ": " + e.getMessage(), e);
        }
        try {
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                // A dead peer is noticed by the server within idle + interval x count seconds (TCP connections).
                s.execute("set tcp_keepalives_idle = 10");
                s.execute("set tcp_keepalives_interval = 5");
                s.execute("set tcp_keepalives_count = 3");
                if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
                    s.execute("set idle_session_timeout = 0"); // the connection idles for the whole run
                }
            }
            boolean locked;
            try (PreparedStatement p = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                p.setLong(1, key);
                try (ResultSet r = p.executeQuery()) {
                    locked = r.next() && r.getBoolean(1);
                }
            }
            if (!locked) {
                reset(connection);
                connection.close();
                return Optional.empty();
            }
            return Optional.of(new Lock(jobId, key, connection));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw new DatabaseException("cannot take the run guard of " + jobId + ": " + e.getMessage(), e);
        }
    }

    private static void reset(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("reset all");
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool drops a broken connection; a lock goes with its session
        }
    }

    private record Lock(String jobId, long key, Connection connection, AtomicBoolean released) implements Held {
        Lock(String jobId, long key, Connection connection) {
            this(jobId, key, connection, new AtomicBoolean());
        }

        @Override
        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            try (PreparedStatement p = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                p.setLong(1, key);
                p.execute();
                reset(connection);
            } catch (SQLException | RuntimeException e) {
                // The connection broke: its session, and the lock with it, is gone or going.
                log.warn("{}: releasing the run guard: {}", jobId, e.getMessage());
            } finally {
                closeQuietly(connection);
            }
        }
    }
}
