package com.aliaport.ops.testsupport;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server of this test JVM: the one named by {@code ALIAPORT_TEST_PG_URL}, else a local server at
 * 127.0.0.1:5432 when one answers, else an embedded one started once. Each test gets its own database, copied
 * from a template migrated once, so tests never see each other's rows.
 */
public final class TestPostgres {
    private static final String TEMPLATE =
            "aliaport_tmpl_" + ProcessHandle.current().pid();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile Server server;

    private TestPostgres() {}

    /** A server URL (database part left open) and a superuser. */
    private record Server(String hostPort, String user) {
        String url(String database) {
            return "jdbc:postgresql://" + hostPort + "/" + database;
        }
    }

    private static synchronized Server server() {
        if (server == null) {
            server = locate();
            createTemplate(server);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(TEMPLATE)));
        }
        return server;
    }

    private static Server locate() {
        String configured = System.getenv("ALIAPORT_TEST_PG_URL");
        if (configured != null && !configured.isBlank()) {
            String hostPort = configured.replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
            return new Server(
                    hostPort,
                    Optional.ofNullable(System.getenv("ALIAPORT_TEST_PG_USER")).orElse("postgres"));
        }
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=2", "postgres", "")) {
            return new Server("127.0.0.1:5432", "postgres");
        } catch (SQLException notThere) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
                return new Server("127.0.0.1:" + pg.getPort(), "postgres");
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "no PostgreSQL for the tests: none at 127.0.0.1:5432 and the embedded one failed", e);
            }
        }
    }

    private static void createTemplate(Server s) {
        dropQuietly(TEMPLATE);
        admin("CREATE DATABASE " + TEMPLATE);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(s.url(TEMPLATE));
        ds.setUser(s.user());
        Database.migrate(ds);
    }

    /** A new, migrated, empty database of its own. */
    public static ConnectionSettings newDatabase() {
        Server s = server();
        String name = "aliaport_it_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return new ConnectionSettings(s.url(name), s.user(), Optional.empty());
    }

    public static void drop(ConnectionSettings settings) {
        String name = settings.jdbcUrl().substring(settings.jdbcUrl().lastIndexOf('/') + 1);
        dropQuietly(name);
    }

    /** The server's host:port, for tests that start another process against it. */
    public static String hostPort() {
        return server().hostPort();
    }

    private static void dropQuietly(String name) {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException ignored) {
            // best effort: a left-over test database is harmless
        }
    }

    /** Runs a statement as the server's administrator (roles, databases: what tests set up beside their own database). */
    public static void admin(String sql) {
        Server s = server == null ? locateQuietly() : server;
        try (Connection c = DriverManager.getConnection(s.url("postgres"), s.user(), "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Server locateQuietly() {
        server = locate();
        return server;
    }
}
