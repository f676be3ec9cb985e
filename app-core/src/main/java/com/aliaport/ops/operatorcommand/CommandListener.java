package com.aliaport.ops.operatorcommand;

import com.aliaport.ops.common.Loops;
import com.aliaport.ops.db.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A daemon node's command loop: one connection LISTENs on {@value OperatorCommands#CHANNEL}; each notification
 * (and, as a safety net for notifications missed during an outage, every {@code sweep}) makes the node carry out
 * every waiting command. It sweeps once at start, so commands given while no daemon ran are carried out then.
 * Reconnects after an outage; nothing it meets stops it.
 */
public final class CommandListener implements AutoCloseable {
    private final DataSource dataSource;
    private final CommandProcessor processor;
    private final Duration sweep;
    private volatile boolean running;
    private Thread thread;

    public CommandListener(DataSource dataSource, CommandProcessor processor, Duration sweep) {
        this.dataSource = dataSource;
        this.processor = processor;
        this.sweep = sweep;
    }

    public synchronized CommandListener start() {
        if (!running) {
            running = true;
            thread = Thread.ofPlatform().name("operator-commands").daemon(true).start(this::loop);
        }
        return this;
    }

    private void loop() {
        while (running) {
            if (!Loops.runLogged("operator command listener", this::listenUntilBroken) && running) {
                drain(); // the notification connection is down; the pool may still work
                if (!Loops.pause(Duration.ofSeconds(2))) {
                    return;
                }
            }
        }
    }

    private void listenUntilBroken() {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("LISTEN " + OperatorCommands.CHANNEL);
            PGConnection pg = c.unwrap(PGConnection.class);
            drain(); // whatever waited while this node was not listening
            long lastSweep = System.nanoTime();
            while (running) {
                PGNotification[] batch = pg.getNotifications((int) sweep.toMillis());
                boolean notified = batch != null && batch.length > 0;
                boolean sweepDue = System.nanoTime() - lastSweep >= sweep.toNanos();
                if (notified || sweepDue) {
                    drain();
                }
                if (sweepDue) {
                    Loops.runLogged("failing stale operator commands", processor::failStale);
                    lastSweep = System.nanoTime();
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("LISTEN " + OperatorCommands.CHANNEL + " lost: " + e.getMessage(), e);
        }
    }

    private void drain() {
        Loops.runLogged("carrying out operator commands on " + processor.handler(), processor::processWaiting);
    }

    /** Stops taking commands; one being carried out finishes (its actions take milliseconds). */
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
