package com.aliaport.ops.daemon.testsupport;

import com.aliaport.ops.db.ConnectionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server alone ({@link #startAlone()}), or a primary and its streaming standby
 * ({@link #startPair()}) (Debian's {@code initdb}, {@code pg_basebackup},
 * {@code pg_ctl} under {@code /usr/lib/postgresql/<version>/bin}), on loopback and free ports, in a temporary
 * folder; started and stopped by the test. The primary commits synchronously to the standby
 * ({@code synchronous_standby_names = '*'}), so a commit it acknowledged is on the standby when it dies. Tests run
 * as root in CI and PostgreSQL refuses root: then every command runs as the {@code postgres} user.
 */
public final class PrivatePostgres implements AutoCloseable {
    public static final String DATABASE = "aliaport";

    private final Path bin;
    private final Path dir;
    private final int primaryPort = DaemonNode.freePort();
    private final int standbyPort = DaemonNode.freePort();
    private boolean primaryUp;
    private boolean standbyUp;

    private PrivatePostgres(Path bin, Path dir) {
        this.bin = bin;
        this.dir = dir;
    }

    /** A primary and its synchronous standby. */
    public static PrivatePostgres startPair() {
        PrivatePostgres pair = new PrivatePostgres(binaries(), folder());
        try {
            pair.startPrimary();
            pair.startStandby();
            return pair;
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    /** One server, no standby: the primary's URL and port. */
    public static PrivatePostgres startAlone() {
        PrivatePostgres alone = new PrivatePostgres(binaries(), folder());
        try {
            alone.startPrimary();
            return alone;
        } catch (RuntimeException e) {
            alone.close();
            throw e;
        }
    }

    /** The newest Debian PostgreSQL's programs; a missing one fails in CI and skips elsewhere. */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_basebackup")))
                        .max(Comparator.comparingInt(
                                v -> Integer.parseInt(v.getFileName().toString())));
            } catch (IOException | NumberFormatException e) {
                newest = Optional.empty();
            }
        }
        if (newest.isPresent()) {
            return newest.get().resolve("bin");
        }
        // Not installed: let RequiredTool fail (CI) or skip with the package to install.
        RequiredTool.find("pg_basebackup-under-/usr/lib/postgresql", "postgresql");
        throw new AssertionError("unreachable");
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path folder() {
        try {
            Path dir = Files.createTempDirectory("pg-pair-");
            if (root()) {
                UserPrincipal postgres =
                        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startPrimary() {
        run(
                Duration.ofSeconds(60),
                tool("initdb"),
                "-D",
                dir.resolve("primary").toString(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8");
        ctl("primary", primaryPort, "start");
        primaryUp = true;
        admin(primaryPort, "CREATE DATABASE " + DATABASE);
    }

    private void startStandby() {
        run(
                Duration.ofSeconds(60),
                tool("pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "postgres",
                "-D",
                dir.resolve("standby").toString(),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast");
        ctl("standby", standbyPort, "start");
        standbyUp = true;
        // Synchronous only once the standby is there: before, every commit would wait for it forever.
        admin(primaryPort, "ALTER SYSTEM SET synchronous_standby_names = '*'");
        admin(primaryPort, "SELECT pg_reload_conf()");
        Await.until(
                Duration.ofSeconds(30),
                () -> queryQuietly(primaryPort, "SELECT sync_state FROM pg_stat_replication"),
                "sync"::equals,
                "the standby to stream synchronously from the primary");
    }

    private void ctl(String name, int port, String action) {
        String options = "-p " + port + " -k " + dir
                + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60"
                + " -c shared_buffers=32MB";
        run(
                Duration.ofSeconds(60),
                tool("pg_ctl"),
                "-D",
                dir.resolve(name).toString(),
                "-l",
                dir.resolve(name + ".log").toString(),
                "-w",
                "-o",
                options.toString(),
                action);
    }

    private String tool(String name) {
        return bin.resolve(name).toString();
    }

    private void run(Duration timeout, String... command) {
        List<String> cmd = new ArrayList<>();
        if (root()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        Path out = null;
        try {
            out = Files.createTempFile("pg-pair-cmd", ".log");
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + Files.readString(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    private static void admin(int port, String sql) {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?socketTimeout=60", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String queryQuietly(int port, String sql) {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2", "postgres", "");
                Statement st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "(no row)";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** Both servers in one URL; PgJDBC connects to whichever of them is the primary. */
    public ConnectionSettings multiHost() {
        return new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort + "/" + DATABASE
                        + "?targetServerType=primary",
                "postgres",
                Optional.empty());
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int standbyPort() {
        return standbyPort;
    }

    /** The primary stops as on a crash: {@code pg_ctl stop -m immediate}, no shutdown checkpoint. */
    public void stopPrimary() {
        run(Duration.ofSeconds(30), tool("pg_ctl"), "-D", dir.resolve("primary").toString(), "-m", "immediate", "stop");
        primaryUp = false;
    }

    /** Starts the stopped primary again (crash recovery replays its WAL). */
    public void restartPrimary() {
        ctl("primary", primaryPort, "start");
        primaryUp = true;
    }

    /** The primary alone, by its own address. */
    public ConnectionSettings primary() {
        return new ConnectionSettings(
                "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + DATABASE, "postgres", Optional.empty());
    }

    /** {@code pg_ctl promote}: the standby leaves recovery and takes writes. */
    public void promoteStandby() {
        run(Duration.ofSeconds(60), tool("pg_ctl"), "-D", dir.resolve("standby").toString(), "-w", "promote");
    }

    public String standbyInRecovery() {
        return queryQuietly(standbyPort, "SELECT pg_is_in_recovery()");
    }

    @Override
    public void close() {
        for (String name : List.of("standby", "primary")) {
            boolean up = name.equals("primary") ? primaryUp : standbyUp;
            if (up) {
                try {
                    run(
                            Duration.ofSeconds(30),
                            tool("pg_ctl"),
                            "-D",
                            dir.resolve(name).toString(),
                            "-m",
                            "immediate",
                            "stop");
                } catch (RuntimeException e) {
                    // already stopped
                }
            }
        }
        TempFiles.removeQuietly(dir);
    }
}
