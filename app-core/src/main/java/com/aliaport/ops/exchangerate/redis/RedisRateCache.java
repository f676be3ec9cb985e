package com.aliaport.ops.exchangerate.redis;

import com.aliaport.ops.exchangerate.RateCache;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@link RateCache} on Redis. Invalidation walks the keyspace with SCAN (never KEYS, which blocks Redis on a
 * large keyspace) and deletes each batch with UNLINK. Entries also expire after {@code ttl}, which bounds how
 * long a reader that raced a sync can keep a stale answer.
 */
public final class RedisRateCache implements RateCache {
    private static final int SCAN_BATCH = 500;

    private final UnifiedJedis redis;
    private final Duration ttl;

    public RedisRateCache(UnifiedJedis redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    @Override
    public Optional<String> get(LocalDate date) {
        return Optional.ofNullable(redis.get(KEY_PREFIX + date));
    }

    @Override
    public void put(LocalDate date, String json) {
        redis.setex(KEY_PREFIX + date, ttl.toSeconds(), json);
    }

    @Override
    public long invalidateAll() {
        ScanParams params = new ScanParams().match(KEY_PREFIX + "*").count(SCAN_BATCH);
        String cursor = ScanParams.SCAN_POINTER_START;
        long deleted = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            List<String> keys = page.getResult();
            if (!keys.isEmpty()) {
                deleted += redis.unlink(keys.toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return deleted;
    }
}
