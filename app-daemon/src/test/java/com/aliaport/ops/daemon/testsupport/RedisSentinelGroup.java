package com.aliaport.ops.daemon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A real Redis master, one replica of it and three Sentinels watching it, all Debian's {@code redis-server}
 * (a Sentinel is {@code redis-server --sentinel}) on loopback and free ports, in a temporary folder; started and
 * stopped by the test. Sentinels notice a dead master after {@link #DOWN_AFTER} and promote the replica.
 */
public final class RedisSentinelGroup implements AutoCloseable {
    public static final String MASTER_NAME = "aliaport";
    /** Sentinel's {@code down-after-milliseconds}: the production default is 30 s, shortened for the test. */
    public static final Duration DOWN_AFTER = Duration.ofSeconds(1);

    private final String redisServer;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final int masterPort;
    private final int replicaPort;
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private Process master;

    private RedisSentinelGroup(String redisServer, Path dir) {
        this.redisServer = redisServer;
        this.dir = dir;
        this.masterPort = DaemonNode.freePort();
        this.replicaPort = DaemonNode.freePort();
    }

    /** Starts the master, the replica and the Sentinels; returns once the Sentinels know the replica and each other. */
    public static RedisSentinelGroup start() {
        String redisServer = RequiredTool.find("redis-server", "redis-server");
        try {
            RedisSentinelGroup group =
                    new RedisSentinelGroup(redisServer, Files.createTempDirectory("redis-sentinel-group-"));
            try {
                group.startAll();
                return group;
            } catch (RuntimeException e) {
                group.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startAll() throws IOException {
        master = server("master", masterPort, List.of());
        server("replica", replicaPort, List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
        for (int i = 1; i <= 3; i++) {
            int port = DaemonNode.freePort();
            Path conf = dir.resolve("sentinel-" + i + ".conf");
            Files.writeString(conf, """
                    port %d
                    bind 127.0.0.1
                    dir %s
                    sentinel monitor %s 127.0.0.1 %d 2
                    sentinel down-after-milliseconds %s %d
                    sentinel failover-timeout %s 10000
                    sentinel parallel-syncs %s 1
                    """.formatted(
                    port, dir, MASTER_NAME, masterPort, MASTER_NAME, DOWN_AFTER.toMillis(), MASTER_NAME, MASTER_NAME));
            spawn("sentinel-" + i, List.of(redisServer, conf.toString(), "--sentinel"));
            sentinelPorts.add(port);
        }
        Await.until(
                Duration.ofSeconds(30),
                this::readiness,
                s -> s.equals("ready"),
                "the replica to sync and the three Sentinels to see it and each other");
    }

    private String readiness() {
        try (Jedis m = new Jedis("127.0.0.1", masterPort, 1_000)) {
            if (!m.info("replication").contains("connected_slaves:1")) {
                return "replica not connected";
            }
        } catch (RuntimeException e) {
            return "master: " + e.getMessage();
        }
        for (int port : sentinelPorts) {
            try (Jedis s = new Jedis("127.0.0.1", port, 1_000)) {
                int replicas = s.sentinelReplicas(MASTER_NAME).size();
                int others = s.sentinelSentinels(MASTER_NAME).size();
                if (replicas != 1 || others != 2) {
                    return "sentinel " + port + " sees " + replicas + " replica(s), " + others + " other sentinel(s)";
                }
            } catch (RuntimeException e) {
                return "sentinel " + port + ": " + e.getMessage();
            }
        }
        return "ready";
    }

    private Process server(String name, int port, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of(
                redisServer,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString()));
        cmd.addAll(extra);
        Process p = spawn(name, cmd);
        Await.until(Duration.ofSeconds(10), () -> ping(port), ok -> ok, name + " to answer PING on " + port);
        return p;
    }

    private Process spawn(String name, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile())
                    .start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean ping(int port) {
        try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
            return "PONG".equals(j.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/aliaport/db}. */
    public String url(int database) {
        return "redis-sentinel://"
                + String.join(
                        ",", sentinelPorts.stream().map(p -> "127.0.0.1:" + p).toList())
                + "/" + MASTER_NAME + "/" + database;
    }

    public int masterPort() {
        return masterPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    /** kill -9 of the master: no goodbye to the replica, no last write. */
    public void killMaster() {
        master.destroyForcibly();
        try {
            master.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The port of the master as the first Sentinel that answers names it now. */
    public Optional<Integer> masterAsSentinelsSayIt() {
        for (int port : sentinelPorts) {
            try (Jedis s = new Jedis("127.0.0.1", port, 500)) {
                return Optional.of(s.sentinelGetMasterAddrByName(MASTER_NAME).get(1))
                        .map(Integer::parseInt);
            } catch (RuntimeException e) {
                // ask the next one
            }
        }
        return Optional.empty();
    }

    /** The replica's role as it answers itself ({@code master} once promoted). */
    public String replicaRole() {
        try (Jedis r = new Jedis("127.0.0.1", replicaPort, 1_000)) {
            return String.valueOf(r.role().get(0));
        }
    }

    /** A direct client of whichever server is the master now. */
    public Jedis currentMaster() {
        return new Jedis("127.0.0.1", masterAsSentinelsSayIt().orElseThrow(), 2_000);
    }

    public Map<String, String> logs() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (var files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".log")).forEach(f -> {
                try {
                    out.put(f.getFileName().toString(), Files.readString(f));
                } catch (IOException e) {
                    out.put(f.getFileName().toString(), e.toString());
                }
            });
        } catch (IOException e) {
            out.put("(dir)", e.toString());
        }
        return out;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TempFiles.removeQuietly(dir);
    }
}
