package com.aliaport.ops.testsupport;

import com.aliaport.ops.redis.EmbeddedRedisServer;
import java.net.URI;
import redis.clients.jedis.Jedis;

/**
 * The Redis of this test JVM: {@code ALIAPORT_TEST_REDIS_URL}, else 127.0.0.1:6379 when it answers, else an
 * embedded one started once. Tests use database 13 and flush it ({@link #flush()}).
 */
public final class TestRedis {
    private static volatile URI uri;

    private TestRedis() {}

    public static synchronized URI uri() {
        if (uri == null) {
            uri = locate();
        }
        return uri;
    }

    private static URI locate() {
        String configured = System.getenv("ALIAPORT_TEST_REDIS_URL");
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured);
        }
        try (Jedis j = new Jedis("127.0.0.1", 6379, 1_000)) {
            j.ping();
            return URI.create("redis://127.0.0.1:6379/13");
        } catch (RuntimeException notThere) {
            EmbeddedRedisServer embedded = EmbeddedRedisServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            return URI.create(embedded.uri() + "/13");
        }
    }

    public static void flush() {
        try (Jedis j = new Jedis(uri())) {
            j.flushDB();
        }
    }
}
