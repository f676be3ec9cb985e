package com.aliaport.ops.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.jobrun.TriggerKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's dashboards and alerts query {@code status="success"} / {@code "failure"}: those are the values. */
class SchedulerMetricsTest {

    @Test
    void executions_are_labelled_with_the_seeds_lower_case_status_values() {
        // GIVEN the meters of one job
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SchedulerMetrics metrics = new SchedulerMetrics(registry, Clock.systemUTC(), List.of("kur"), () -> true);

        // WHEN it succeeds twice, fails once after a retry, and misses a fire time
        metrics.runFinished("kur", TriggerKind.SCHEDULED, JobRunStatus.SUCCEEDED, Duration.ofSeconds(1), "ok");
        metrics.runFinished("kur", TriggerKind.SCHEDULED, JobRunStatus.SUCCEEDED, Duration.ofSeconds(1), "ok");
        metrics.runFinished("kur", TriggerKind.SCHEDULED, JobRunStatus.RETRYING, Duration.ofSeconds(1), "x");
        metrics.runFinished("kur", TriggerKind.RETRY, JobRunStatus.FAILED, Duration.ofSeconds(1), "x");
        metrics.runMissed("kur", 1);

        // THEN the scrape counts them under the seed's values, and every outcome reads from the start
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("scheduler_job_executions_total{job_name=\"kur\",status=\"success\"} 2.0")
                .contains("scheduler_job_executions_total{job_name=\"kur\",status=\"failure\"} 1.0")
                .contains("scheduler_job_executions_total{job_name=\"kur\",status=\"retrying\"} 1.0")
                .contains("scheduler_job_executions_total{job_name=\"kur\",status=\"missed\"} 1.0")
                .contains("scheduler_job_executions_total{job_name=\"kur\",status=\"skipped\"} 0.0")
                .contains("scheduler_job_executions_total{job_name=\"kur\",status=\"timed_out\"} 0.0")
                .doesNotContain("SUCCEEDED", "FAILED", "RETRYING", "TIMED_OUT");
    }
}
