package com.aliaport.ops.daemon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A Redis of the test's own (Debian's {@code redis-server}, loopback, a free port, nothing kept on disk): no other
 * suite's workers read its streams, and the test can stop it and start it again empty.
 */
public final class PrivateRedis implements AutoCloseable {
    private final String redisServer;
    private final int port = DaemonNode.freePort();
    private final Path log;
    private Process process;

    private PrivateRedis(String redisServer, Path log) {
        this.redisServer = redisServer;
        this.log = log;
    }

    public static PrivateRedis start() {
        try {
            PrivateRedis redis = new PrivateRedis(
                    RequiredTool.find("redis-server", "redis-server"), Files.createTempFile("private-redis", ".log"));
            redis.startEmpty();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it (again) on the same port, empty. */
    public void startEmpty() {
        try {
            process = new ProcessBuilder(List.of(
                            redisServer,
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until(Duration.ofSeconds(10), this::answers, ok -> ok, "Redis to answer on " + port);
    }

    /** kill -9: everything it held is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** FLUSHALL: Redis keeps running, everything it held is gone. */
    public void flushAll() {
        try (Jedis j = new Jedis("127.0.0.1", port, 2_000)) {
            j.flushAll();
        }
    }

    private boolean answers() {
        try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
            return "PONG".equals(j.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
        log.toFile().delete();
    }
}
