package com.aliaport.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings given per job or per report type in one variable: {@code name=value,name=value}. */
class PerNameSettingsTest {

    private static AppConfig load(Map<String, String> env) {
        return AppConfig.load(ConfigSource.of(env));
    }

    @Test
    void a_job_with_its_own_retries_and_backoff_gets_them_and_the_others_get_the_defaults() {
        AppConfig c = load(Map.of(
                "ALIAPORT_JOB_RETRIES", "3",
                "ALIAPORT_JOB_RETRY_BACKOFF_SECONDS", "300",
                "ALIAPORT_JOB_RETRIES_BY_JOB", " kur_guncelleme_daily = 6 ,audit_archive_daily=0",
                "ALIAPORT_JOB_RETRY_BACKOFF_SECONDS_BY_JOB", "kur_guncelleme_daily=60"));

        assertThat(c.scheduler().retriesOf("kur_guncelleme_daily")).isEqualTo(6);
        assertThat(c.scheduler().retriesOf("audit_archive_daily")).isZero();
        assertThat(c.scheduler().retriesOf("report_housekeeping")).isEqualTo(3);
        assertThat(c.scheduler().retryBackoffOf("kur_guncelleme_daily")).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.scheduler().retryBackoffOf("audit_archive_daily")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void unset_means_every_job_gets_the_defaults_and_no_type_is_routed() {
        AppConfig c = load(Map.of());

        assertThat(c.scheduler().retriesByJob()).isEmpty();
        assertThat(c.scheduler().retryBackoffByJob()).isEmpty();
        assertThat(c.reports().queueRoutes()).isEmpty();
    }

    @Test
    void report_types_are_routed_to_the_queues_named() {
        AppConfig c = load(Map.of("ALIAPORT_QUEUE_ROUTES", "manifest=background,cari-ekstre=reports"));

        assertThat(c.reports().queueRoutes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("manifest", "background", "cari-ekstre", "reports"));
    }

    @Test
    void each_bad_entry_stops_with_the_variable_and_the_entry_named() {
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_JOB_RETRIES_BY_JOB", "diag_fail")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ALIAPORT_JOB_RETRIES_BY_JOB: 'diag_fail' is not name=value (entries are comma-separated)");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_JOB_RETRIES_BY_JOB", "diag_fail=2,diag_fail=3")))
                .hasMessage("ALIAPORT_JOB_RETRIES_BY_JOB: 'diag_fail' is given twice");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_JOB_RETRIES_BY_JOB", "diag_fail=21")))
                .hasMessage("ALIAPORT_JOB_RETRIES_BY_JOB: 21 of diag_fail is outside 0..20");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_JOB_RETRY_BACKOFF_SECONDS_BY_JOB", "diag_fail=0")))
                .hasMessage("ALIAPORT_JOB_RETRY_BACKOFF_SECONDS_BY_JOB: 0 of diag_fail is outside 1..86400");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_QUEUE_ROUTES", "=background")))
                .hasMessage("ALIAPORT_QUEUE_ROUTES: '=background' is not name=value (entries are comma-separated)");
    }
}
