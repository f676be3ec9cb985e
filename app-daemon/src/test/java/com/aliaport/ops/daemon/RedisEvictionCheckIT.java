package com.aliaport.ops.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

class RedisEvictionCheckIT {

    @Test
    void reads_the_policy_of_a_real_redis() {
        try (Jedis admin = new Jedis(TestRedis.uri());
                JedisPooled redis = new JedisPooled(TestRedis.uri())) {
            String policy = admin.configGet("maxmemory-policy").get("maxmemory-policy");

            var result = RedisEvictionCheck.check(redis);

            assertThat(result.policy()).contains(policy);
            assertThat(result.verdict())
                    .isEqualTo(
                            policy.equals("noeviction")
                                    ? RedisEvictionCheck.Verdict.NOEVICTION
                                    : RedisEvictionCheck.Verdict.EVICTS);
        }
    }
}
