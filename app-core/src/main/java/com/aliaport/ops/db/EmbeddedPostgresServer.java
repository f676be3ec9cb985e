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

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path connectionFile) {
        this.postgres = postgres;
        this.connectionFile = connectionFile;
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
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg, home.resolve(ConnectionSettings.FILE_NAME));
            server.settings().writeTo(server.connectionFile);
            log.info("embedded PostgreSQL listening on 127.0.0.1:{} with data in {}", pg.getPort(), data);
            return server;
        } catch (IOException e) {
            throw new DatabaseException("cannot start the embedded PostgreSQL under " + home + ": " + e.getMessage(), e);
        }
    }

    public ConnectionSettings settings() {
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
        try {
            Files.deleteIfExists(connectionFile);
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
