package com.aliaport.ops.exchangerate.db;

import com.aliaport.ops.common.Loops;
import com.aliaport.ops.db.DatabaseException;
import com.aliaport.ops.exchangerate.RateCache;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's ear for anomaly decisions: one connection LISTENs on {@value #CHANNEL} (raised by
 * {@code aliaport_decide_anomaly}, whoever decided: console, CLI, SQL) and drops the {@code kurlar:*} cache on each
 * notification, so that a rejected rate stops being served at once. After a lost connection it drops the cache
 * again (a decision may have passed unheard) and reconnects.
 */
public final class DecisionListener implements AutoCloseable {
    public static final String CHANNEL = "kur_anomalies";

    private static final Logger log = LoggerFactory.getLogger(DecisionListener.class);

    private final DataSource dataSource;
    private final RateCache cache;
    private volatile boolean running;
    private Thread thread;

    public DecisionListener(DataSource dataSource, RateCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
    }

    public synchronized DecisionListener start() {
        if (!running) {
            running = true;
            thread = Thread.ofPlatform().name("kur-decisions").daemon(true).start(this::loop);
        }
        return this;
    }

    private void loop() {
        while (running) {
            if (!Loops.runLogged("kur anomaly decision listener", this::listenUntilBroken)
                    && running
                    && !Loops.pause(Duration.ofSeconds(2))) {
                return;
            }
        }
    }

    private void listenUntilBroken() {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
            PGConnection pg = c.unwrap(PGConnection.class);
            invalidate("listening"); // whatever was decided while nobody listened
            while (running) {
                PGNotification[] batch = pg.getNotifications(1_000);
                if (batch != null && batch.length > 0) {
                    invalidate("anomaly " + batch[batch.length - 1].getParameter() + " decided");
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("LISTEN " + CHANNEL + " lost: " + e.getMessage(), e);
        }
    }

    private void invalidate(String why) {
        Loops.runLogged("dropping kurlar:* (" + why + ")", () -> {
            long deleted = cache.invalidateAll();
            log.debug("{}: {} kurlar cache keys dropped", why, deleted);
        });
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
