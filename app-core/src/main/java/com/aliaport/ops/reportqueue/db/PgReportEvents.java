package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.common.Loops;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportEvents;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReportEvents} from PostgreSQL: one connection LISTENs on {@value #CHANNEL} and wakes the subscribers of the
 * task named in each notification. Reconnects after an outage; subscribers keep a slow poll as a fallback for
 * notifications missed meanwhile. The changes this process writes itself are told to it first, as
 * {@link ReportChanges}, and wake its subscribers at once (with the row, for a SUCCESS written here).
 */
public final class PgReportEvents implements ReportEvents, ReportChanges, AutoCloseable {
    public static final String CHANNEL = PgReportAnnouncer.CHANNEL;
    private static final Duration WATCH = Duration.ofSeconds(10);
    private static final Map<String, Boolean> ENDS = Arrays.stream(ReportState.values())
            .collect(Collectors.toUnmodifiableMap(ReportState::name, ReportState::terminal));
    private static final Logger log = LoggerFactory.getLogger(PgReportEvents.class);

    private final DataSource dataSource;
    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final RecentChanges told = new RecentChanges(4_096);
    private final AtomicInteger endWaiters = new AtomicInteger();
    /**
     * Notifications are read while a task here has a subscriber, or for {@link #WATCH} after a position was taken (its
     * taker subscribes next); at other times a busy queue's stream of them is let pass unread, each counted as an
     * unknown change (a possible end to a waiter whose position is before it).
     */
    private volatile long watchedUntilNanos = System.nanoTime();

    private volatile boolean listening;

    /** {@code endsOnly}: a waiter of the task's end, not woken by its claim or progress. */
    private record Subscriber(Runnable onChange, boolean endsOnly) {}

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
        return add(id, new Subscriber(onChange, false));
    }

    @Override
    public long position() {
        watchedUntilNanos = System.nanoTime() + WATCH.toNanos();
        return told.position();
    }

    @Override
    public Subscription subscribeToEnd(UUID id, long since, Runnable onEnd) {
        Subscriber s = new Subscriber(onEnd, true);
        Subscription added = add(id, s);
        endWaiters.incrementAndGet();
        // Subscribed first, looked back second: an end told meanwhile is seen by one or both, never by neither.
        if (told.mayHaveEndedSince(id, since)) {
            onEnd.run();
        }
        return () -> {
            added.close();
            endWaiters.decrementAndGet();
        };
    }

    private Subscription add(UUID id, Subscriber s) {
        // Added within the map's own step: a set being emptied and removed by a closing subscriber is never added to.
        subscribers.compute(id, (k, set) -> {
            Set<Subscriber> to = set == null ? ConcurrentHashMap.newKeySet() : set;
            to.add(s);
            return to;
        });
        return () -> subscribers.computeIfPresent(id, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** True once the listening connection has run its {@code LISTEN} (and until it is lost). */
    public boolean listening() {
        return listening;
    }

    /**
     * Wakes the subscribers of a task this process itself just changed, at once. The same change still comes back
     * as a notification (for the other processes, and as a second wake-up here): PgJDBC's notification wait
     * lingers a millisecond after each notification (a 1 ms read time-out in {@code hasMessagePending}), which
     * was half of a short task's round trip as seen by a client of the node that ran it.
     */
    @Override
    public void changed(UUID taskId) {
        told(taskId, false);
    }

    /** As {@link #changed}, for a task that reached its end here (or, told by another node, there). */
    @Override
    public void finished(UUID taskId) {
        told(taskId, true);
    }

    /** As {@link #finished}, with the row its writer here got back: a waiter woken by it need not read it. */
    @Override
    public void ended(ReportTask task) {
        told.addEnd(task);
        wake(task.id(), true);
    }

    /** While a waiter of a task's end waits here, or took a position to wait. Event streams need no rows. */
    @Override
    public boolean wantsEndedRows() {
        return endWaiters.get() > 0 || positionTakenLately();
    }

    @Override
    public Optional<ReportTask> endSince(UUID id, long since) {
        return told.endSince(id, since);
    }

    /** A position was taken within the last {@link #WATCH}: its taker is about to subscribe. */
    private boolean positionTakenLately() {
        return System.nanoTime() - watchedUntilNanos < 0;
    }

    private void told(UUID taskId, boolean ended) {
        told.add(taskId, ended);
        wake(taskId, ended);
    }

    private void wake(UUID taskId, boolean ended) {
        Set<Subscriber> set = subscribers.get(taskId);
        if (set != null) {
            for (Subscriber s : set) {
                if (ended || !s.endsOnly()) {
                    s.onChange().run();
                }
            }
        }
    }

    private void listenLoop() {
        while (running) {
            boolean cleanly = Loops.runLogged("report events listener", this::listenUntilBroken);
            listening = false;
            if (!cleanly && !Loops.pause(Duration.ofSeconds(2))) {
                return;
            }
        }
    }

    private void listenUntilBroken() {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
            // Whatever was notified before (an outage, the start) was not heard: to a waiter, a possible end.
            told.addUnknown();
            listening = true;
            PGConnection pg = c.unwrap(PGConnection.class);
            while (running) {
                // A short wait: close() waits for this loop, and the CLI's --wait exits through it.
                PGNotification[] batch = pg.getNotifications(250);
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
        if (subscribers.isEmpty() && !positionTakenLately()) {
            told.addUnknown();
            return;
        }
        try {
            told(idOf(payload), endedIn(payload));
        } catch (RuntimeException e) {
            log.debug("ignoring notification {}: {}", payload, e.toString());
        }
    }

    /**
     * The task a notification names. While anyone here watches, every notification is read, so the id is taken from
     * where {@code json_build_object} puts it, first ({@code {"id" : "<uuid>", …}}), without parsing the rest; any
     * other shape is parsed.
     */
    static UUID idOf(String payload) {
        int start = payload.indexOf('"', payload.indexOf(':') + 1) + 1;
        if (payload.startsWith("{\"id\"") && start > 0 && start + 36 <= payload.length()) {
            return UUID.fromString(payload.substring(start, start + 36));
        }
        Object id = Json.read(payload, Map.class).get("id");
        if (id == null) {
            throw new IllegalArgumentException("no task id");
        }
        return UUID.fromString(id.toString());
    }

    /** Whether a notification tells of an end; one that does not say counts as an end (the waiter reads). */
    static boolean endedIn(String payload) {
        int at = payload.indexOf("\"state\"");
        if (at < 0) {
            return true;
        }
        int from = payload.indexOf('"', payload.indexOf(':', at) + 1) + 1;
        int to = payload.indexOf('"', from);
        return from <= 0 || to < 0 || ENDS.getOrDefault(payload.substring(from, to), true);
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            // The wait for notifications returns within 250 ms: let the loop end and give its connection back
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
