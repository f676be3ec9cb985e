package com.aliaport.ops.exchangerate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeRateMetricsTest {

    @Test
    void a_sync_that_never_ran_reads_zero_under_the_contract_names() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ExchangeRateMetrics(registry);

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains(
                        "kur_sync_success_total 0.0",
                        "kur_sync_failure_total 0.0",
                        "kur_sync_duration_seconds_count 0",
                        "kur_sync_rate_count{currency=\"USD\"} 0.0",
                        "kur_sync_last_success_timestamp 0.0");
    }

    @Test
    void a_success_counts_sets_the_timestamp_and_the_rates_of_each_currency() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ExchangeRateMetrics metrics = new ExchangeRateMetrics(registry);

        metrics.succeeded(List.of("USD", "EUR", "BGN"), Duration.ofMillis(250), Instant.ofEpochSecond(1_706_706_000));
        metrics.failed(Duration.ofSeconds(2));

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains(
                        "kur_sync_success_total 1.0",
                        "kur_sync_failure_total 1.0",
                        "kur_sync_duration_seconds_count 2",
                        "kur_sync_duration_seconds_bucket{le=\"0.5\"} 1",
                        "kur_sync_rate_count{currency=\"BGN\"} 1.0",
                        "kur_sync_rate_count{currency=\"USD\"} 1.0",
                        "kur_sync_rate_count{currency=\"KZT\"} 0.0",
                        "kur_sync_last_success_timestamp 1.706706E9");
    }
}
