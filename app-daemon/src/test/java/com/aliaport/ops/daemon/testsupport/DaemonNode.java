package com.aliaport.ops.daemon.testsupport;

import com.aliaport.ops.db.ConnectionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A real daemon process ({@code java -jar aliaport-daemon.jar run}) against a test database, for the cluster
 * tests: started, health-checked, killed with -9 or stopped with SIGTERM.
 */
public final class DaemonNode implements AutoCloseable {
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final String nodeId;
    private final int httpPort;
    private final Process process;
    private final Path log;
    /** The trust of a node serving HTTPS ({@code ALIAPORT_HTTP_TLS_KEYSTORE}); empty for plain HTTP. */
    private final Optional<SSLContext> tls;
    /** The home made for this node (none when the test gave one): removed when the node is closed. */
    private final Optional<Path> ownHome;

    private DaemonNode(
            String nodeId, int httpPort, Process process, Path log, Optional<SSLContext> tls, Optional<Path> ownHome) {
        this.nodeId = nodeId;
        this.httpPort = httpPort;
        this.process = process;
        this.log = log;
        this.tls = tls;
        this.ownHome = ownHome;
    }

    public static Path jar() {
        String jar = System.getProperty("aliaport.daemon.jar", "target/aliaport-daemon.jar");
        Path path = Path.of(jar);
        if (!Files.exists(path)) {
            throw new IllegalStateException("the daemon jar is not built: " + path + " (run mvn package first)");
        }
        return path;
    }

    /** The environment of a daemon against {@code db}: nothing of the caller's ALIAPORT_ variables leaks in. */
    public static Map<String, String> environment(ConnectionSettings db, String nodeId, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("ALIAPORT_")) {
                env.put(k, v);
            }
        });
        env.put("ALIAPORT_DB_URL", db.jdbcUrl());
        env.put("ALIAPORT_DB_USER", db.user());
        env.put("ALIAPORT_NODE_ID", nodeId);
        env.put("ALIAPORT_DIAGNOSTIC_JOBS", "true");
        env.put("ALIAPORT_CLUSTER_CHECKIN_MS", "2000");
        env.put("ALIAPORT_WORKERS", "0");
        env.put(
                "ALIAPORT_REDIS_URL",
                com.aliaport.ops.testsupport.TestRedis.uri().toString());
        env.putAll(extra);
        return env;
    }

    public static DaemonNode start(ConnectionSettings db, String nodeId, Map<String, String> extra) {
        return start(db, nodeId, extra, true);
    }

    /** Starts a node; waits for its health to say UP, or (when {@code requireUp} is false) for any answer. */
    public static DaemonNode start(ConnectionSettings db, String nodeId, Map<String, String> extra, boolean requireUp) {
        return start(db, nodeId, extra, requireUp, Optional.empty());
    }

    /** A node serving HTTPS: {@code extra} sets the keystore, {@code trust} trusts its certificate. */
    public static DaemonNode startHttps(
            ConnectionSettings db, String nodeId, Map<String, String> extra, SSLContext trust) {
        return start(db, nodeId, extra, true, Optional.of(trust));
    }

    private static DaemonNode start(
            ConnectionSettings db,
            String nodeId,
            Map<String, String> extra,
            boolean requireUp,
            Optional<SSLContext> tls) {
        int port = freePort();
        Map<String, String> more = new HashMap<>(extra);
        more.putIfAbsent("ALIAPORT_HTTP_PORT", Integer.toString(port));
        Optional<Path> ownHome = ownHomeUnlessGiven(more, nodeId);
        try {
            Path log = Files.createTempFile("daemon-" + nodeId + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder(
                    JAVA, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-jar", jar().toString(), "run");
            pb.environment().clear();
            pb.environment().putAll(environment(db, nodeId, more));
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            DaemonNode node = new DaemonNode(
                    nodeId, Integer.parseInt(more.get("ALIAPORT_HTTP_PORT")), pb.start(), log, tls, ownHome);
            node.awaitHealthy(Duration.ofSeconds(60), requireUp);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a CLI command to completion: exit code, stdout and stderr. */
    public static CliResult cli(ConnectionSettings db, Map<String, String> extra, String... args) {
        Map<String, String> more = new HashMap<>(extra);
        Optional<Path> ownHome = ownHomeUnlessGiven(more, "cli");
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("cli-out", ".txt");
            err = Files.createTempFile("cli-err", ".txt");
            List<String> cmd = new java.util.ArrayList<>(
                    List.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().clear();
            pb.environment().putAll(db == null ? withoutAliaport(more) : environment(db, "cli", more));
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("CLI did not finish: " + String.join(" ", args));
            }
            return new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            TempFiles.removeQuietly(out);
            TempFiles.removeQuietly(err);
            ownHome.ifPresent(TempFiles::removeQuietly);
        }
    }

    private static Map<String, String> withoutAliaport(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("ALIAPORT_")) {
                env.put(k, v);
            }
        });
        env.putAll(extra);
        return env;
    }

    public record CliResult(int exitCode, String stdout, String stderr) {
        /** Stderr without log lines (they start with a timestamp). */
        public List<String> errorLines() {
            return stderr.lines()
                    .filter(l -> !l.matches("^\\d{4}-\\d{2}-\\d{2} .*") && !l.startsWith("WARNING:"))
                    .toList();
        }

        /** The task id that {@code reports submit} prints on its last line. */
        public UUID submittedTaskId() {
            return UUID.fromString(stdout.strip()
                    .lines()
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .replaceAll(".*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}).*", "$1"));
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The node's address: {@code https://} when it serves TLS. */
    public URI uri(String path) {
        return URI.create((tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + httpPort + path);
    }

    /** A client that trusts this node (its test certificate when it serves TLS). */
    public HttpClient client() {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        tls.ifPresent(b::sslContext);
        return b.build();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    /** GET with basic auth. */
    public HttpResponse<String> get(String path, String user, String password) {
        String token = java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + token));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try (HttpClient client = client()) {
            return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitHealthy(Duration timeout, boolean requireUp) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "daemon " + nodeId + " exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                int status = get("/api/scheduler/health").statusCode();
                if (status == 200 || (!requireUp && status == 503)) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep(200);
        }
        throw new IllegalStateException("daemon " + nodeId + " not healthy in " + timeout + ":\n" + logText());
    }

    /** kill -9. */
    public void kill() {
        process.destroyForcibly();
        waitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM; returns the exit code. */
    public int terminate(Duration wait) {
        process.destroy();
        return waitExit(wait);
    }

    private int waitExit(Duration wait) {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("daemon " + nodeId + " did not exit within " + wait);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitExit(Duration.ofSeconds(10));
        }
        ownHome.ifPresent(TempFiles::removeQuietly);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A home made for {@code name} and set in {@code env}, unless the test set one (then it is the test's to keep). */
    private static Optional<Path> ownHomeUnlessGiven(Map<String, String> env, String name) {
        if (env.containsKey("ALIAPORT_HOME")) {
            return Optional.empty();
        }
        try {
            Path home = Files.createTempDirectory("aliaport-home-" + name + "-");
            env.put("ALIAPORT_HOME", home.toString());
            return Optional.of(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
