package com.aliaport.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.config.RedisAddress.Sentinel;
import com.aliaport.ops.config.RedisAddress.Sentinel.Host;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ALIAPORT_REDIS_URL=redis-sentinel://…}: read into the Sentinels, the master's name, database and login. */
class RedisSentinelConfigTest {

    private static RedisAddress redis(String url) {
        return AppConfig.load(ConfigSource.fromEnvironment(Map.of("ALIAPORT_REDIS_URL", url)))
                .redis()
                .address()
                .orElseThrow();
    }

    private static void refused(String url, String message) {
        assertThatThrownBy(() -> redis(url))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ALIAPORT_REDIS_URL: ")
                .hasMessageContaining(message)
                .hasMessageNotContaining("pw-9");
    }

    @Test
    void sentinels_master_database_and_login_are_read_and_the_password_never_prints() {
        RedisAddress address = redis("redis-sentinel://ops:pw-9@s1.liman:26380,s2.liman,10.0.0.3:26381/aliaport/2");

        assertThat(address).isInstanceOf(Sentinel.class);
        Sentinel s = (Sentinel) address;
        assertThat(s.sentinels())
                .containsExactly(new Host("s1.liman", 26380), new Host("s2.liman", 26379), new Host("10.0.0.3", 26381));
        assertThat(s.masterName()).isEqualTo("aliaport");
        assertThat(s.database()).isEqualTo(2);
        assertThat(s.user()).contains("ops");
        assertThat(s.password()).map(Secret::value).contains("pw-9");
        assertThat(s.toString())
                .isEqualTo("redis-sentinel://ops:****@s1.liman:26380,s2.liman:26379,10.0.0.3:26381/aliaport/2");
        assertThat(AppConfig.load(ConfigSource.fromEnvironment(
                                Map.of("ALIAPORT_REDIS_URL", "redis-sentinel://ops:pw-9@s1:26380/aliaport/2")))
                        .toString())
                .contains("redis-sentinel://ops:****@s1:26380/aliaport/2")
                .doesNotContain("pw-9");
    }

    @Test
    void without_login_or_database_the_default_user_and_database_0_are_used() {
        assertThat(redis("REDIS-SENTINEL://[::1]:26390,127.0.0.1/mymaster"))
                .isEqualTo(new Sentinel(
                        List.of(new Host("::1", 26390), new Host("127.0.0.1", 26379)),
                        "mymaster",
                        0,
                        Optional.empty(),
                        Optional.empty()));
        Sentinel passwordOnly = (Sentinel) redis("redis-sentinel://:p%40ss+word@h/m");
        assertThat(passwordOnly.user()).isEmpty();
        assertThat(passwordOnly.password()).map(Secret::value).contains("p@ss+word");
    }

    @Test
    void a_malformed_sentinel_url_is_refused_with_what_is_wrong() {
        refused("redis-sentinel://ops:pw-9@h1:26379", "names no master");
        refused("redis-sentinel://ops:pw-9@h1:26379/", "must end in /master-name or /master-name/db");
        refused("redis-sentinel://ops:pw-9@h1:26379/m/1/2", "must end in /master-name or /master-name/db");
        refused("redis-sentinel://ops:pw-9@h1:26379/m/x", "the database must be a number 0 or more, not 'x'");
        refused("redis-sentinel://ops:pw-9@h1:26379/m/-1", "the database must be a number 0 or more");
        refused("redis-sentinel://ops:pw-9@h1:99999/m", "'99999' is not a port");
        refused("redis-sentinel://ops:pw-9@h1:abc/m", "'abc' is not a port");
        refused("redis-sentinel://ops:pw-9@h1,,h2/m", "empty Sentinel host");
        refused("redis-sentinel://ops:pw-9@/m", "empty Sentinel host");
        refused("redis-sentinel://ops:pw-9@h1/m?timeout=3", "takes no query");
        refused("redis-sentinel://ops:@h1/m", "has a user but no password");
    }

    @Test
    void another_scheme_names_all_three_accepted_ones() {
        refused("sentinel://h1/m", "must start with redis, rediss, redis-sentinel://");
    }
}
