package com.aliaport.ops.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries on the class path, for machines with no database installed.
 * Its data stays under the given folder across restarts; it listens on loopback on a free port.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Path connectionFile;
    private final ConnectionSettings joined;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path connectionFile, ConnectionSettings joined) {
        this.postgres = postgres;
        this.connectionFile = connectionFile;
        this.joined = joined;
    }

    /**
     * Joins the embedded server another process of this {@code home} runs (the daemon, for a CLI command or
     * the console), or starts it when none answers. Closing a joined server leaves it running.
     */
    public static EmbeddedPostgresServer startOrJoin(Path home) {
        Path file = home.resolve(ConnectionSettings.FILE_NAME);
        Optional<ConnectionSettings> running =
                ConnectionSettings.readFrom(file).filter(EmbeddedPostgresServer::answers);
        if (running.isPresent()) {
            log.info("using the embedded PostgreSQL already running for {}", home);
            return new EmbeddedPostgresServer(null, file, running.get());
        }
        return start(home);
    }

    private static boolean answers(ConnectionSettings s) {
        try (var c = java.sql.DriverManager.getConnection(s.jdbcUrl() + "?connectTimeout=2", s.user(), "")) {
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /** Starts (initialising on first use) the server whose data lives in {@code home/pgdata}. */
    public static EmbeddedPostgresServer start(Path home) {
        try {
            Path data = home.resolve("pgdata");
            Files.createDirectories(home);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(home.resolve("pg-binaries").toFile())
                    .setPort(freePort())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .start();
            EmbeddedPostgresServer server =
                    new EmbeddedPostgresServer(pg, home.resolve(ConnectionSettings.FILE_NAME), null);
            server.settings().writeTo(server.connectionFile);
            log.info("embedded PostgreSQL listening on 127.0.0.1:{} with data in {}", pg.getPort(), data);
            return server;
        } catch (IOException e) {
            throw new DatabaseException(
                    "cannot start the embedded PostgreSQL under " + home + ": " + e.getMessage(), e);
        }
    }

    public ConnectionSettings settings() {
        if (joined != null) {
            return joined;
        }
        return new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", Optional.empty());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            Files.deleteIfExists(connectionFile);
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
