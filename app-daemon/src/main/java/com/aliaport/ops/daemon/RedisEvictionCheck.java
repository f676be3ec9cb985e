package com.aliaport.ops.daemon;

import com.aliaport.ops.common.AliaportException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis holds the report queue, so it must never evict keys: at start the daemon asks for
 * {@code maxmemory-policy}, says in the log and on {@code /api/scheduler/health} when it is not
 * {@code noeviction} (or could not be read, as on managed Redis without {@code CONFIG}), and refuses to start
 * on a known evicting policy when {@code ALIAPORT_REDIS_REQUIRE_NOEVICTION=true}.
 */
public final class RedisEvictionCheck {
    private static final Logger log = LoggerFactory.getLogger(RedisEvictionCheck.class);
    static final String NOEVICTION = "noeviction";

    public enum Verdict {
        NOEVICTION,
        EVICTS,
        UNKNOWN
    }

    public record Result(Verdict verdict, Optional<String> policy, String message) {
        /** The {@code redis} field of the health answer. */
        public Map<String, Object> health() {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("maxmemory_policy", policy.orElse("unknown"));
            h.put("noeviction", verdict.name().toLowerCase());
            if (verdict != Verdict.NOEVICTION) {
                h.put("warning", message);
            }
            return h;
        }
    }

    /** Refusal to start: the queue's Redis evicts. */
    public static final class EvictingRedisException extends AliaportException {
        EvictingRedisException(String message) {
            super(message);
        }
    }

    private RedisEvictionCheck() {}

    public static Result check(UnifiedJedis redis) {
        return check(() -> valueOf(redis.sendCommand(Protocol.Command.CONFIG, "GET", "maxmemory-policy")));
    }

    /** CONFIG GET answers [name, value] (RESP2) or {name: value} (RESP3). */
    static String valueOf(Object reply) {
        Object value = null;
        if (reply instanceof List<?> pair && pair.size() >= 2) {
            value = pair.get(1);
        } else if (reply instanceof Map<?, ?> map && !map.isEmpty()) {
            value = map.values().iterator().next();
        }
        return value instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8)
                : Objects.toString(value, null);
    }

    /** {@code policy} reads the setting; a Redis error (CONFIG disabled, no permission) means unknown. */
    static Result check(Supplier<String> policy) {
        String value;
        try {
            value = policy.get();
        } catch (JedisException e) {
            return new Result(
                    Verdict.UNKNOWN,
                    Optional.empty(),
                    "could not check Redis maxmemory-policy (" + firstLine(e.getMessage())
                            + "): make sure it is noeviction, or queued report tasks may be dropped");
        }
        if (value == null || value.isBlank()) {
            return new Result(
                    Verdict.UNKNOWN,
                    Optional.empty(),
                    "could not check Redis maxmemory-policy (not reported): make sure it is noeviction");
        }
        if (NOEVICTION.equalsIgnoreCase(value.strip())) {
            return new Result(Verdict.NOEVICTION, Optional.of(NOEVICTION), "Redis maxmemory-policy is noeviction");
        }
        return new Result(
                Verdict.EVICTS,
                Optional.of(value.strip()),
                "Redis maxmemory-policy is " + value.strip()
                        + ", not noeviction: a full Redis drops queued report tasks (set maxmemory-policy noeviction)");
    }

    /** Logs what was found; throws when Redis is known to evict and noeviction is required. */
    public static Result enforce(Result result, boolean requireNoEviction) {
        switch (result.verdict()) {
            case NOEVICTION -> log.info(result.message());
            case UNKNOWN -> log.warn(result.message());
            case EVICTS -> {
                if (requireNoEviction) {
                    throw new EvictingRedisException(
                            result.message() + "; not starting (ALIAPORT_REDIS_REQUIRE_NOEVICTION=true)");
                }
                log.warn(result.message());
            }
        }
        return result;
    }

    private static String firstLine(String s) {
        return s == null ? "no answer" : s.lines().findFirst().orElse(s);
    }
}
