package com.aliaport.ops.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jooq.Record;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retries per job ({@code ALIAPORT_JOB_RETRIES_BY_JOB}, {@code …_BACKOFF_SECONDS_BY_JOB}) on a real daemon. */
@Tag("cluster")
@ExtendWith(PostgresExtension.class)
class JobRetriesIT {

    private static List<Record> runs(Database db) {
        return db.dsl().fetch("SELECT * FROM job_runs WHERE job_id = 'diag_fail' ORDER BY id");
    }

    @Test
    void a_failing_job_is_retried_exactly_as_often_as_its_own_setting_says(ConnectionSettings settings, Database db) {
        // GIVEN 5 retries 5 minutes apart by default, but 1 retry after 1 s for diag_fail, fired every 30 s
        Map<String, String> env = Map.of(
                "ALIAPORT_JOB_RETRIES", "5",
                "ALIAPORT_JOB_RETRY_BACKOFF_SECONDS", "300",
                "ALIAPORT_JOB_RETRIES_BY_JOB", "diag_fail=1, kur_guncelleme_daily=4",
                "ALIAPORT_JOB_RETRY_BACKOFF_SECONDS_BY_JOB", "diag_fail=1",
                "ALIAPORT_DIAG_FAIL_CRON", "0/30 * * * * ?");
        try (DaemonNode a = DaemonNode.start(settings, "node-a", env)) {
            // WHEN it fails
            Await.until(
                    Duration.ofSeconds(60),
                    () -> runs(db),
                    r -> r.stream().anyMatch(x -> "FAILED".equals(x.get("status"))),
                    "the final failure");
            DaemonNode.sleep(5_000); // time for a further, wrong retry to show up

            // THEN one run and exactly one retry, and the retry is the last of its chain
            List<Record> rows = runs(db);
            assertThat(rows.subList(0, 2))
                    .extracting(r -> r.get("trigger_kind"))
                    .containsExactly("SCHEDULED", "RETRY");
            assertThat(rows.subList(0, 2)).extracting(r -> r.get("status")).containsExactly("RETRYING", "FAILED");
            assertThat(rows.subList(0, 2)).extracting(r -> r.get("attempt")).containsExactly(1, 2);
            // (a later row can only be the next scheduled firing, starting a chain of its own)
            assertThat(rows.subList(2, rows.size())).allMatch(r -> "SCHEDULED".equals(r.get("trigger_kind")));
            assertThat(rows).noneMatch(r -> ((Number) r.get("attempt")).intValue() > 2);
            assertThat(a.logText()).contains("diag_fail: retry 1 of 1 scheduled");
        }
    }

    @Test
    void a_per_job_setting_for_a_job_that_does_not_exist_stops_with_the_variable_named(ConnectionSettings settings) {
        var cli = DaemonNode.cli(settings, Map.of("ALIAPORT_JOB_RETRIES_BY_JOB", "kur_guncelleme=5"), "jobs", "list");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.errorLines()).hasSize(1);
        assertThat(cli.errorLines().getFirst())
                .startsWith("error: ALIAPORT_JOB_RETRIES_BY_JOB: there is no job 'kur_guncelleme' (jobs: ")
                .contains("kur_guncelleme_daily");

        var badCount =
                DaemonNode.cli(settings, Map.of("ALIAPORT_JOB_RETRIES_BY_JOB", "diag_fail=many"), "jobs", "list");
        assertThat(badCount.errorLines())
                .containsExactly("error: ALIAPORT_JOB_RETRIES_BY_JOB: 'many' of diag_fail is not a whole number");
    }
}
