package com.aliaport.ops.daemon;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.RedisAddress;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.db.EmbeddedPostgresServer;
import com.aliaport.ops.redis.EmbeddedRedisServer;
import com.aliaport.ops.redis.RedisClients;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The services a daemon process stands on: PostgreSQL (external, or embedded under {@code ALIAPORT_HOME}),
 * migrated; Redis (external or embedded) when asked for. Closed in reverse order of opening.
 */
public final class Infrastructure implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final Database database;
    private final ConnectionSettings connection;
    /** The rate cache and the checks share these; the report queue has a pool of its own for blocking reads. */
    private static final int SHARED_CONNECTIONS = 8;

    private static final Duration SHARED_TIMEOUT = Duration.ofSeconds(2);
    private RedisAddress redisAddress;
    private UnifiedJedis redis;
    private final AppConfig config;

    private Infrastructure(AppConfig config, ConnectionSettings connection, Database database) {
        this.config = config;
        this.connection = connection;
        this.database = database;
    }

    /** Connects to (or starts) PostgreSQL and applies the migrations. */
    public static Infrastructure open(AppConfig config, String poolName, int poolSize) {
        EmbeddedPostgresServer embedded = null;
        ConnectionSettings settings;
        if (config.database().embedded()) {
            embedded = EmbeddedPostgresServer.startOrJoin(config.home());
            settings = embedded.settings();
        } else {
            settings = new ConnectionSettings(
                    config.database().url().orElseThrow(),
                    config.database().user(),
                    config.database().password());
        }
        Database database;
        try {
            database = Database.connect(settings, poolName, poolSize);
            var result = database.migrate();
            if (result.migrationsExecuted > 0) {
                log.info(
                        "applied {} migration(s); schema now at version {}",
                        result.migrationsExecuted,
                        result.targetSchemaVersion);
            }
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        Infrastructure infra = new Infrastructure(config, settings, database);
        if (embedded != null) {
            infra.toClose.push(embedded);
        }
        infra.toClose.push(database);
        return infra;
    }

    public Database database() {
        return database;
    }

    public ConnectionSettings connection() {
        return connection;
    }

    /** The Redis client, starting the embedded Redis on first use when none is configured. */
    public synchronized UnifiedJedis redis() {
        if (redis == null) {
            redisAddress = config.redis().address().orElseGet(() -> {
                EmbeddedRedisServer server = EmbeddedRedisServer.startOrJoin(config.home());
                toClose.push(server);
                log.info("embedded Redis listening on {}", server.uri());
                return new RedisAddress.Direct(server.uri());
            });
            redis = RedisClients.open(redisAddress, SHARED_CONNECTIONS, SHARED_TIMEOUT);
            toClose.push(redis);
        }
        return redis;
    }

    /** Where the client of {@link #redis()} connects, once it has been asked for. */
    public synchronized Optional<RedisAddress> redisAddress() {
        return Optional.ofNullable(redisAddress);
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                log.warn("closing failed: {}", e.toString());
            }
        }
    }
}
