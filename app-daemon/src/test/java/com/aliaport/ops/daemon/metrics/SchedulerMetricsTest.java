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

    @Test
    void a_start_refused_by_the_run_guard_counts_skipped_and_leaves_duration_and_last_run_alone() {
        // GIVEN the meters of one job
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SchedulerMetrics metrics = new SchedulerMetrics(registry, Clock.systemUTC(), List.of("kur"), () -> true);

        // WHEN a start is refused because another run holds the job
        metrics.runRefused("kur", TriggerKind.MANUAL, "not started: run 4 of kur is still running on node-a");

        // THEN it counts as skipped, and no run time or duration is recorded
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("scheduler_job_executions_total{job_name=\"kur\",status=\"skipped\"} 1.0")
                .containsPattern("scheduler_job_duration_seconds_count\\{job_name=\"kur\"} 0(\\.0)?\n")
                .containsPattern("scheduler_job_last_run_timestamp_seconds\\{job_name=\"kur\"} 0(\\.0)?\n");
    }
}
