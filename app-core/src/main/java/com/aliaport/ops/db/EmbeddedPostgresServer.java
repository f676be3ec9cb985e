package com.aliaport.ops.db;

import com.aliaport.ops.common.OwnerOnlyFile;
import com.aliaport.ops.config.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from the binaries on the class path, for machines with no database installed.
 * Its data stays under the given folder across restarts; it listens on loopback on a free port and takes only
 * the superuser with its password (scram-sha-256), which it keeps beside the data, owner-only.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** The superuser's password, owner-only, beside the data folder; the console reads the connection file. */
    public static final String PASSWORD_FILE = "embedded-db.password";

    private final EmbeddedPostgres postgres;
    private final Path connectionFile;
    private final ConnectionSettings joined;
    private final Secret password;

    private EmbeddedPostgresServer(
            EmbeddedPostgres postgres, Path connectionFile, ConnectionSettings joined, Secret password) {
        this.postgres = postgres;
        this.connectionFile = connectionFile;
        this.joined = joined;
        this.password = password;
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
            return new EmbeddedPostgresServer(null, file, running.get(), null);
        }
        return start(home);
    }

    private static boolean answers(ConnectionSettings s) {
        try (var c = java.sql.DriverManager.getConnection(
                s.jdbcUrl() + "?connectTimeout=2",
                s.user(),
                s.password().map(Secret::value).orElse(""))) {
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /**
     * Starts (initialising on first use) the server whose data lives in {@code home/pgdata}. Connections need the
     * superuser's password, generated on first start and kept owner-only in {@code home/embedded-db.password}; a
     * data folder from before passwords (or whose password file was lost) gets one on this start.
     */
    public static EmbeddedPostgresServer start(Path home) {
        try {
            Path data = home.resolve("pgdata");
            Files.createDirectories(home);
            boolean fresh = !Files.exists(data.resolve("postgresql.conf"));
            Path passwordFile = home.resolve(PASSWORD_FILE);
            boolean passwordKnown = Files.exists(passwordFile);
            Secret password = OwnerOnlyFile.readOrCreate(passwordFile, EmbeddedPostgresServer::newPassword);
            boolean protectedNow = fresh || (passwordKnown && PgHba.requiresPasswords(data));
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(home.resolve("pg-binaries").toFile())
                    .setPort(freePort())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    // initdb's own options (the builder passes these as --key=value): the superuser gets the
                    // password from the start, so no moment exists where the server takes anyone.
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setLocaleConfig("auth-host", PgHba.METHOD)
                    .setLocaleConfig("auth-local", PgHba.METHOD)
                    .setConnectConfig("password", password.value())
                    .setDataDirectoryCustomizer(dir -> PgHba.write(dir.toPath(), protectedNow))
                    .start();
            if (!protectedNow) {
                requirePassword(pg, data, password);
            }
            EmbeddedPostgresServer server =
                    new EmbeddedPostgresServer(pg, home.resolve(ConnectionSettings.FILE_NAME), null, password);
            server.settings().writeTo(server.connectionFile);
            log.info("embedded PostgreSQL listening on 127.0.0.1:{} with data in {}", pg.getPort(), data);
            return server;
        } catch (IOException | UncheckedIOException e) {
            throw new DatabaseException(
                    "cannot start the embedded PostgreSQL under " + home + ": " + e.getMessage(), e);
        }
    }

    /** A data folder that took anyone (loopback only): the superuser gets the password, then the server needs it. */
    private static void requirePassword(EmbeddedPostgres pg, Path data, Secret password) throws IOException {
        try (var c = pg.getPostgresDatabase().getConnection();
                var st = c.createStatement()) {
            // ALTER ROLE takes no bind parameters; the password is base64url (no quote can occur).
            st.execute("ALTER ROLE postgres PASSWORD '" + password.value() + "'");
            PgHba.write(data, true);
            st.execute("SELECT pg_reload_conf()");
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot set the superuser password: " + e.getMessage(), e);
        }
        log.info("the embedded PostgreSQL now requires the password kept in {}", PASSWORD_FILE);
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public ConnectionSettings settings() {
        if (joined != null) {
            return joined;
        }
        return new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", Optional.of(password));
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
