package com.aliaport.ops.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.daemon.RedisEvictionCheck.Verdict;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

class RedisEvictionCheckTest {

    @Test
    void noeviction_is_fine_and_says_so_on_health() {
        var result = RedisEvictionCheck.enforce(RedisEvictionCheck.check(() -> "noeviction"), true);

        assertThat(result.verdict()).isEqualTo(Verdict.NOEVICTION);
        assertThat(result.health())
                .containsEntry("maxmemory_policy", "noeviction")
                .containsEntry("noeviction", "noeviction")
                .doesNotContainKey("warning");
    }

    @Test
    void an_evicting_policy_is_a_warning_on_health_when_not_required() {
        var result = RedisEvictionCheck.enforce(RedisEvictionCheck.check(() -> "allkeys-lru"), false);

        assertThat(result.verdict()).isEqualTo(Verdict.EVICTS);
        assertThat(result.health())
                .containsEntry("maxmemory_policy", "allkeys-lru")
                .containsEntry("noeviction", "evicts");
        assertThat((String) result.health().get("warning")).contains("allkeys-lru", "not noeviction");
    }

    @Test
    void an_evicting_policy_stops_the_start_when_noeviction_is_required() {
        var result = RedisEvictionCheck.check(() -> "volatile-lru");

        assertThatThrownBy(() -> RedisEvictionCheck.enforce(result, true))
                .isInstanceOf(RedisEvictionCheck.EvictingRedisException.class)
                .hasMessageContaining("volatile-lru")
                .hasMessageContaining("ALIAPORT_REDIS_REQUIRE_NOEVICTION=true");
    }

    @Test
    void a_redis_without_config_is_reported_as_not_checked_and_does_not_stop_the_start() {
        var result = RedisEvictionCheck.enforce(
                RedisEvictionCheck.check(() -> {
                    throw new JedisDataException("ERR unknown command 'CONFIG', with args beginning with: 'GET'");
                }),
                true);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.health()).containsEntry("maxmemory_policy", "unknown");
        assertThat((String) result.health().get("warning")).contains("could not check", "unknown command 'CONFIG'");
    }
}
