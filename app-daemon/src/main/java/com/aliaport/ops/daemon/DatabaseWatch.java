package com.aliaport.ops.daemon;

import com.aliaport.ops.common.Loops;
import com.aliaport.ops.db.ConnectionSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks PostgreSQL every second, over a connection of its own (not the pool's, so a busy pool does not hide an
 * outage and an outage does not wait out the pool's time-out), which server answers; remembers the last outage
 * and the last change of server (a failover of a multi-host URL) for {@code /api/scheduler/health}.
 */
public final class DatabaseWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);
    static final Duration EVERY = Duration.ofSeconds(1);
    private static final int TIMEOUT_SECONDS = 2;

    private final ConnectionSettings settings;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private Connection connection;
    /** Written by the probe thread only; read by health requests without waiting for a probe in progress. */
    private volatile Seen seen;

    /** What the last probes showed; {@code server} is the last one that answered. */
    record Seen(
            boolean up,
            Instant since,
            String server,
            Instant checkedAt,
            int outages,
            Outage lastOutage,
            ServerChange lastServerChange) {}

    record Outage(Instant from, Instant to, String error) {}

    record ServerChange(Instant at, String from, String to) {}

    public DatabaseWatch(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public synchronized DatabaseWatch start() {
        probeOnce();
        timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("database-watch").daemon(true).unstarted(r));
        timer.scheduleWithFixedDelay(
                () -> Loops.runLogged("database watch", this::probeOnce),
                EVERY.toMillis(),
                EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    synchronized void probeOnce() {
        Instant now = clock.instant();
        try {
            String server = askServer();
            Seen before = seen;
            if (before == null) {
                seen = new Seen(true, now, server, now, 0, null, null);
                return;
            }
            Outage outage = before.lastOutage();
            if (!before.up()) {
                outage = new Outage(outage.from(), now, outage.error());
                log.warn(
                        "PostgreSQL answers again ({}) after {} ms",
                        server,
                        Duration.between(outage.from(), now).toMillis());
            }
            ServerChange change = before.lastServerChange();
            if (before.server() != null && !before.server().equals(server)) {
                change = new ServerChange(now, before.server(), server);
                log.warn("PostgreSQL is now served by {} (was {})", server, before.server());
            }
            seen = new Seen(true, before.up() ? before.since() : now, server, now, before.outages(), outage, change);
        } catch (SQLException e) {
            closeConnection();
            Seen before = seen;
            String error = e.getMessage();
            if (before == null) {
                seen = new Seen(false, now, null, now, 1, new Outage(now, null, error), null);
            } else if (before.up()) {
                log.warn("PostgreSQL does not answer: {}", error);
                seen = new Seen(
                        false,
                        now,
                        before.server(),
                        now,
                        before.outages() + 1,
                        new Outage(now, null, error),
                        before.lastServerChange());
            } else {
                seen = new Seen(
                        false,
                        before.since(),
                        before.server(),
                        now,
                        before.outages(),
                        new Outage(before.lastOutage().from(), null, error),
                        before.lastServerChange());
            }
        }
    }

    private String askServer() throws SQLException {
        if (connection == null) {
            Properties p = new Properties();
            p.setProperty("user", settings.user());
            settings.password().ifPresent(pw -> p.setProperty("password", pw.value()));
            p.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
            p.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS));
            p.setProperty("ApplicationName", "aliaport-database-watch");
            connection = DriverManager.getConnection(settings.jdbcUrl(), p);
        }
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT coalesce(host(inet_server_addr()), 'local') || ':' || coalesce(inet_server_port(), 0)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    /** The {@code database} field of the health answer. */
    public Map<String, Object> health() {
        Seen seen = this.seen;
        Map<String, Object> d = new LinkedHashMap<>();
        if (seen == null) {
            d.put("status", "UNKNOWN");
            return d;
        }
        d.put("status", seen.up() ? "UP" : "UNREACHABLE");
        d.put("since", seen.since().toString());
        d.put("server", seen.server());
        d.put("checked_at", seen.checkedAt().toString());
        d.put("outages", seen.outages());
        if (seen.lastOutage() != null) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("from", seen.lastOutage().from().toString());
            o.put(
                    "to",
                    seen.lastOutage().to() == null
                            ? null
                            : seen.lastOutage().to().toString());
            Instant end = seen.lastOutage().to() == null
                    ? seen.checkedAt()
                    : seen.lastOutage().to();
            o.put("seconds", Duration.between(seen.lastOutage().from(), end).toMillis() / 1000.0);
            o.put("error", seen.lastOutage().error());
            d.put("last_outage", o);
        }
        if (seen.lastServerChange() != null) {
            d.put(
                    "last_server_change",
                    Map.of(
                            "at", seen.lastServerChange().at().toString(),
                            "from", seen.lastServerChange().from(),
                            "to", seen.lastServerChange().to()));
        }
        return d;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        closeConnection();
    }
}
