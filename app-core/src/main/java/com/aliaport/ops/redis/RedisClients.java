package com.aliaport.ops.redis;

import com.aliaport.ops.config.RedisAddress;
import com.aliaport.ops.config.Secret;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one place the daemon opens Redis connections: a pool on one server, or, behind Sentinels, a pool on the
 * master they name, which Jedis moves to the promoted replica when they announce a failover
 * ({@code +switch-master}). Callers see the same {@link UnifiedJedis} either way.
 */
public final class RedisClients {
    /** How long a connection attempt (to Redis or a Sentinel) may take. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private RedisClients() {}

    /**
     * A pooled client of at most {@code maxConnections}; {@code socketTimeout} must exceed the longest blocking
     * read made through it.
     */
    public static UnifiedJedis open(RedisAddress address, int maxConnections, Duration socketTimeout) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(1);
        // An idle connection to a master that died is found and dropped before a caller gets it.
        pool.setTestWhileIdle(true);
        int socketMillis = (int) socketTimeout.toMillis();
        return switch (address) {
            case RedisAddress.Direct direct -> new JedisPooled(pool, direct.url(), socketMillis);
            case RedisAddress.Sentinel sentinel -> {
                DefaultJedisClientConfig.Builder master = DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                        .socketTimeoutMillis(socketMillis)
                        .database(sentinel.database());
                sentinel.user().ifPresent(master::user);
                sentinel.password().map(Secret::value).ifPresent(master::password);
                JedisClientConfig sentinels = DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                        .socketTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                        .build();
                Set<HostAndPort> hosts = new LinkedHashSet<>();
                sentinel.sentinels().forEach(h -> hosts.add(new HostAndPort(h.host(), h.port())));
                yield new JedisSentineled(sentinel.masterName(), master.build(), pool, hosts, sentinels);
            }
        };
    }
}
