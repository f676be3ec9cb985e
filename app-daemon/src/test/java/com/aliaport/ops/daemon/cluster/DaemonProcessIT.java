package com.aliaport.ops.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.exchangerate.tcmb.RecordedTcmbServer;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.Map;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** One real daemon process: health, metrics, SIGTERM, and the CLI's one-line errors. */
@ExtendWith(PostgresExtension.class)
class DaemonProcessIT {

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void health_is_up_with_the_nodes_view_and_metrics_read_zero_for_jobs_that_never_ran(ConnectionSettings settings) {
        try (DaemonNode node = DaemonNode.start(settings, "node-h", Map.of())) {
            var health = node.get("/api/scheduler/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body())
                    .contains(
                            "\"success\":true",
                            "\"status\":\"UP\"",
                            "\"node\":\"node-h\"",
                            "aliaport-light",
                            "aliaport-heavy");

            var metrics = node.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains(
                            "scheduler_job_executions_total{job_name=\"job_history_housekeeping\",status=\"failure\"} 0.0")
                    .contains(
                            "scheduler_job_duration_seconds_bucket{job_name=\"job_history_housekeeping\",le=\"300.0\"} 0")
                    .contains("scheduler_running 1.0");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void health_is_503_when_the_scheduler_is_not_running(ConnectionSettings settings) {
        try (DaemonNode node = startUnhealthy(settings)) {
            var health = node.get("/api/scheduler/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"");
        }
    }

    private static DaemonNode startUnhealthy(ConnectionSettings settings) {
        // A node with its scheduler switched off still serves HTTP.
        return DaemonNode.start(settings, "node-off", Map.of("ALIAPORT_SCHEDULER_ENABLED", "false"), false);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void jobs_run_syncs_a_recorded_bulletin_which_the_rates_api_then_serves(ConnectionSettings settings, Database db) {
        try (RecordedTcmbServer tcmb = RecordedTcmbServer.start(0)) {
            Map<String, String> env = Map.of("ALIAPORT_TCMB_URL", tcmb.baseUri().toString());
            var run = DaemonNode.cli(settings, env, "jobs", "run", "kur_guncelleme_daily", "--date", "2024-01-31");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("kur_guncelleme_daily run", "SUCCEEDED");
            var weekend = DaemonNode.cli(settings, env, "jobs", "run", "kur_guncelleme_daily", "--date", "2024-02-03");
            assertThat(weekend.exitCode()).isZero();
            assertThat(weekend.stdout()).contains("SKIPPED");
            assertThat(((Number) db.dsl().fetchValue("SELECT count(*) FROM kurlar WHERE tarih = DATE '2024-01-31'"))
                            .intValue())
                    .isEqualTo(23);

            try (DaemonNode node = DaemonNode.start(settings, "node-k", env)) {
                var rates = node.get("/api/kurlar?tarih=2024-02-03");
                assertThat(rates.statusCode()).isEqualTo(200);
                assertThat(rates.body()).contains("\"success\":true", "USD", "2024-01-31");
                assertThat(node.get("/api/kurlar?tarih=31.01.2024").statusCode())
                        .isEqualTo(400);
                assertThat(node.get("/api/kurlar?tarih=2001-01-01").statusCode())
                        .isEqualTo(404);
                assertThat(node.get("/metrics").body())
                        .contains("kur_sync_bulletin_lag_business_days", "kur_sync_success_total");
            }
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void the_audit_archive_job_moves_old_events_and_the_partition_migration_keeps_them(
            ConnectionSettings settings, Database db) {
        db.dsl().execute("""
                INSERT INTO audit_events (event_type, user_id, details, created_at)
                SELECT 'demo.event', 'u' || g, '{}'::jsonb, now() - (g || ' days')::interval FROM generate_series(1, 200) g
                """);

        var run = DaemonNode.cli(settings, Map.of(), "jobs", "run", "audit_archive_daily");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        long kept = ((Number) db.dsl().fetchValue("SELECT count(*) FROM audit_events")).longValue();
        long archived = ((Number) db.dsl().fetchValue("SELECT count(*) FROM audit_events_archive")).longValue();
        assertThat(kept + archived).isEqualTo(200);
        assertThat(archived).isBetween(109L, 111L);

        var migrate = DaemonNode.cli(settings, Map.of(), "audit", "migrate-partitions");
        assertThat(migrate.exitCode()).as(migrate.stderr()).isZero();
        assertThat(((Number) db.dsl().fetchValue("SELECT count(*) FROM audit_events")).longValue())
                .isEqualTo(kept);
        assertThat(db.dsl().fetchValue("SELECT relkind::text FROM pg_class WHERE relname = 'audit_events'"))
                .isEqualTo("p");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void metrics_can_be_put_behind_basic_auth(ConnectionSettings settings) {
        try (DaemonNode node = DaemonNode.start(
                settings,
                "node-auth",
                Map.of("ALIAPORT_METRICS_USER", "prom", "ALIAPORT_METRICS_PASSWORD", "scrape-secret"))) {
            assertThat(node.get("/metrics").statusCode()).isEqualTo(401);
            var authorized = node.get("/metrics", "prom", "scrape-secret");
            assertThat(authorized.statusCode()).isEqualTo(200);
            assertThat(authorized.body()).contains("scheduler_running");
            assertThat(node.get("/metrics", "prom", "wrong").statusCode()).isEqualTo(401);
            assertThat(node.get("/api/scheduler/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void sigterm_stops_taking_work_interrupts_a_long_job_within_the_grace_and_exits_0(
            ConnectionSettings settings, Database db) {
        DaemonNode node = DaemonNode.start(
                settings,
                "node-t",
                Map.of("ALIAPORT_DIAG_SLEEP_SECONDS", "600", "ALIAPORT_SHUTDOWN_GRACE_SECONDS", "2"));
        assertThat(DaemonNode.cli(settings, Map.of(), "jobs", "trigger", "diag_sleep")
                        .exitCode())
                .isZero();
        Await.until(
                Duration.ofSeconds(30),
                () -> db.dsl().fetch("SELECT status FROM job_runs WHERE job_id = 'diag_sleep'"),
                r -> r.stream().anyMatch(x -> "RUNNING".equals(x.get(0))),
                "the long job running");

        long t0 = System.nanoTime();
        int exit = node.terminate(Duration.ofSeconds(30));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(exit).isZero();
        assertThat(tookMs).as("stopped within grace + stop time").isLessThan(20_000);
        Record run = db.dsl().fetchOne("SELECT status, message FROM job_runs WHERE job_id = 'diag_sleep'");
        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("message")).contains("stopped");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void bad_configuration_stops_the_process_with_one_line_naming_the_variable(ConnectionSettings settings) {
        var badPort = DaemonNode.cli(null, Map.of("ALIAPORT_HTTP_PORT", "80a"), "jobs", "list");
        assertThat(badPort.exitCode()).isNotZero();
        assertThat(badPort.errorLines()).containsExactly("error: ALIAPORT_HTTP_PORT: '80a' is not a whole number");

        var badUrl = DaemonNode.cli(null, Map.of("ALIAPORT_REDIS_URL", "localhost:6379"), "migrate");
        assertThat(badUrl.exitCode()).isNotZero();
        assertThat(badUrl.errorLines()).hasSize(1).first().asString().startsWith("error: ALIAPORT_REDIS_URL: ");

        var badStorage = DaemonNode.cli(null, Map.of("ALIAPORT_STORAGE", "ftp://x"), "migrate");
        assertThat(badStorage.errorLines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("error: ALIAPORT_STORAGE: unknown storage scheme");

        var unknownJob = DaemonNode.cli(settings, Map.of(), "jobs", "run", "no_such_job");
        assertThat(unknownJob.exitCode()).isNotZero();
        assertThat(unknownJob.errorLines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("error: unknown job 'no_such_job'");

        var badDate =
                DaemonNode.cli(settings, Map.of(), "jobs", "run", "job_history_housekeeping", "--date", "13.03.2026");
        assertThat(badDate.exitCode()).isNotZero();
        assertThat(badDate.errorLines()).first().asString().startsWith("error: --date: '13.03.2026' is not a date");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void migrate_twice_is_a_no_op_and_jobs_run_records_a_manual_run(ConnectionSettings settings, Database db) {
        var first = DaemonNode.cli(settings, Map.of(), "migrate");
        var second = DaemonNode.cli(settings, Map.of(), "migrate");
        assertThat(first.stdout()).isEqualTo(second.stdout()).startsWith("schema at version ");

        var run = DaemonNode.cli(settings, Map.of(), "jobs", "run", "job_history_housekeeping");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("SUCCEEDED");
        Record row = db.dsl()
                .fetchOne("SELECT trigger_kind, status FROM job_runs WHERE job_id = 'job_history_housekeeping'");
        assertThat(row.get("trigger_kind")).isEqualTo("MANUAL");
        assertThat(row.get("status")).isEqualTo("SUCCEEDED");
    }
}
