package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.common.Loops;
import com.aliaport.ops.reportqueue.ReportEvents;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReportEvents} from PostgreSQL: one connection LISTENs on {@value #CHANNEL} and wakes the subscribers of the task named in each notification. Reconnects after
 * an outage; subscribers keep a slow poll as a fallback for notifications missed meanwhile.
 */
public final class PgReportEvents implements ReportEvents, AutoCloseable {
    public static final String CHANNEL = PgReportAnnouncer.CHANNEL;
    private static final Logger log = LoggerFactory.getLogger(PgReportEvents.class);

    private final DataSource dataSource;
    private final Map<UUID, Set<Runnable>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    public PgReportEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public synchronized PgReportEvents start() {
        if (!running) {
            running = true;
            thread = Thread.ofPlatform().name("report-events").daemon(true).start(this::listenLoop);
        }
        return this;
    }

    @Override
    public Subscription subscribe(UUID id, Runnable onChange) {
        subscribers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(onChange);
        return () -> subscribers.computeIfPresent(id, (k, set) -> {
            set.remove(onChange);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Wakes the subscribers of a task this process itself just changed, at once. The same change still comes back
     * as a notification (for the other processes, and as a second wake-up here): PgJDBC's notification wait
     * lingers a millisecond after each notification (a 1 ms read time-out in {@code hasMessagePending}), which
     * was half of a short task's round trip as seen by a client of the node that ran it.
     */
    public void changedHere(UUID taskId) {
        Set<Runnable> set = subscribers.get(taskId);
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }

    private void listenLoop() {
        while (running) {
            if (!Loops.runLogged("report events listener", this::listenUntilBroken)) {
                sleep(2_000);
            }
        }
    }

    private void listenUntilBroken() {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
            PGConnection pg = c.unwrap(PGConnection.class);
            while (running) {
                PGNotification[] batch = pg.getNotifications(1_000);
                if (batch == null) {
                    continue;
                }
                for (PGNotification n : batch) {
                    dispatch(n.getParameter());
                }
            }
        } catch (SQLException e) {
            if (!running) {
                return; // closed while waiting: the connection's end is the shutdown's, not a lost LISTEN
            }
            throw new com.aliaport.ops.db.DatabaseException("LISTEN " + CHANNEL + " lost: " + e.getMessage(), e);
        }
    }

    private void dispatch(String payload) {
        if (subscribers.isEmpty()) {
            return; // most notifications concern tasks nobody here watches: no need to read them
        }
        try {
            Object id = Json.read(payload, Map.class).get("id");
            if (id != null) {
                changedHere(UUID.fromString(id.toString()));
            }
        } catch (RuntimeException e) {
            log.debug("ignoring notification {}: {}", payload, e.toString());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            // The wait for notifications returns within a second: let the loop end and give its connection back
            // before the caller closes the pool (which would break the connection under it, an ERROR at Ctrl-C).
            try {
                thread.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
    }
}
