package com.aliaport.ops.console.live;

import com.aliaport.ops.db.ConnectionSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection that LISTENs on the console's channels and hands each notification to the subscribers; it
 * is also the console's connection watch: a lost connection is reported at once, retried every second, and
 * its return reported (the screens then reload, since notifications sent meanwhile are gone).
 */
public final class PgNotifications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);

    /** Whether the database answers; told on every change. */
    public interface ConnectionListener {
        void changed(boolean up, String reason);
    }

    private final ConnectionSettings settings;
    private final List<String> channels;
    private final List<BiConsumer<String, String>> subscribers = new CopyOnWriteArrayList<>();
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    public PgNotifications(ConnectionSettings settings, List<String> channels) {
        this.settings = settings;
        this.channels = List.copyOf(channels);
        this.thread = Thread.ofPlatform().name("console-listen").daemon(true).unstarted(this::loop);
    }

    public PgNotifications start() {
        thread.start();
        return this;
    }

    /** {@code subscriber(channel, payload)}, called on the listening thread. */
    public void subscribe(BiConsumer<String, String> subscriber) {
        subscribers.add(subscriber);
    }

    public void subscribe(String channel, Consumer<String> subscriber) {
        subscribers.add((c, payload) -> {
            if (c.equals(channel)) {
                subscriber.accept(payload);
            }
        });
    }

    public void onConnectionChange(ConnectionListener listener) {
        connectionListeners.add(listener);
    }

    private void loop() {
        boolean up = true;
        boolean everConnected = false;
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    for (String channel : channels) {
                        st.execute("LISTEN " + channel);
                    }
                }
                if (!up || !everConnected) {
                    boolean reconnected = everConnected;
                    up = true;
                    everConnected = true;
                    if (reconnected) {
                        tell(true, "");
                    }
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(1000);
                    if (batch == null) {
                        // A quiet second: prove the connection is still there.
                        try (Statement st = c.createStatement()) {
                            st.execute("SELECT 1");
                        }
                        continue;
                    }
                    for (PGNotification n : batch) {
                        dispatch(n.getName(), n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (up) {
                    up = false;
                    log.warn("connection to PostgreSQL lost: {}", e.getMessage());
                    tell(false, String.valueOf(e.getMessage()));
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        settings.password().ifPresent(s -> p.setProperty("password", s.value()));
        p.setProperty("ApplicationName", "aliaport-console-listen");
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(settings.jdbcUrl(), p);
    }

    private void dispatch(String channel, String payload) {
        for (BiConsumer<String, String> s : subscribers) {
            try {
                s.accept(channel, payload);
            } catch (RuntimeException e) {
                log.error("a subscriber of {} failed on {}", channel, payload, e);
            }
        }
    }

    private void tell(boolean up, String reason) {
        for (ConnectionListener l : connectionListeners) {
            try {
                l.changed(up, reason);
            } catch (RuntimeException e) {
                log.error("a connection listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
