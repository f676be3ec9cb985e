package com.aliaport.ops.redis;

import com.aliaport.ops.common.AliaportException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import redis.embedded.RedisServer;

/** A real Redis started from the binary in the jar, on loopback and a free port, keeping nothing on disk. */
public final class EmbeddedRedisServer implements AutoCloseable {
    public static final String FILE_NAME = "embedded-redis.url";

    private final RedisServer server;
    private final int port;
    private final java.nio.file.Path urlFile;

    private EmbeddedRedisServer(RedisServer server, int port, java.nio.file.Path urlFile) {
        this.server = server;
        this.port = port;
        this.urlFile = urlFile;
    }

    /**
     * Joins the embedded Redis of another process of this {@code home} (the daemon), or starts one and
     * writes its URL there. Closing a joined server leaves it running.
     */
    public static EmbeddedRedisServer startOrJoin(java.nio.file.Path home) {
        java.nio.file.Path file = home.resolve(FILE_NAME);
        try {
            if (java.nio.file.Files.exists(file)) {
                URI uri = URI.create(java.nio.file.Files.readString(file).strip());
                try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis(uri.getHost(), uri.getPort(), 1_000)) {
                    j.ping();
                    return new EmbeddedRedisServer(null, uri.getPort(), null);
                } catch (RuntimeException gone) {
                    // stale file of a stopped daemon
                }
            }
            EmbeddedRedisServer started = start();
            java.nio.file.Files.createDirectories(home);
            java.nio.file.Files.writeString(file, started.uri().toString());
            return new EmbeddedRedisServer(started.server, started.port, file);
        } catch (IOException e) {
            throw new AliaportException("cannot start the embedded Redis under " + home + ": " + e.getMessage(), e);
        }
    }

    public static EmbeddedRedisServer start() {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .setting("bind 127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory-policy noeviction")
                    .build();
            server.start();
            return new EmbeddedRedisServer(server, port, null);
        } catch (IOException e) {
            throw new AliaportException("cannot start the embedded Redis: " + e.getMessage(), e);
        }
    }

    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            if (urlFile != null) {
                java.nio.file.Files.deleteIfExists(urlFile);
            }
            server.stop();
        } catch (IOException e) {
            throw new AliaportException("cannot stop the embedded Redis: " + e.getMessage(), e);
        }
    }
}
