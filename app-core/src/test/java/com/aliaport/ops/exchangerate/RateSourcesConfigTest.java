package com.aliaport.ops.exchangerate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.ConfigException;
import com.aliaport.ops.config.ConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateSourcesConfigTest {

    private static AppConfig.RateSources load(Map<String, String> env) {
        return AppConfig.load(ConfigSource.of(env)).rateSources();
    }

    @Test
    void defaults_follow_the_reference_timeouts_and_the_ten_percent_rule() {
        AppConfig.RateSources r = load(Map.of());

        assertThat(r.evdsBase()).hasToString("https://evds3.tcmb.gov.tr/igmevdsms-dis/");
        assertThat(r.evdsApiKey()).isEmpty();
        assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.tcmbTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.evdsTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.anomalyPercent()).isEqualTo(10);
        assertThat(r.backfillDays()).isEqualTo(31);
        assertThat(r.cacheTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void a_bad_threshold_names_its_variable_on_one_line() {
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_KUR_ANOMALY_PERCENT", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ALIAPORT_KUR_ANOMALY_PERCENT: 0 is outside 1..100");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_KUR_BACKFILL_DAYS", "a year")))
                .hasMessage("ALIAPORT_KUR_BACKFILL_DAYS: 'a year' is not a whole number");
    }

    @Test
    void the_evds_key_never_shows_in_the_configuration_s_text() {
        assertThat(load(Map.of("ALIAPORT_EVDS_API_KEY", "abc123")).toString()).doesNotContain("abc123");
    }
}
