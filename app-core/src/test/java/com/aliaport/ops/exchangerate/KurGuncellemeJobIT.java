package com.aliaport.ops.exchangerate;

import static com.aliaport.ops.db.generated.Tables.KURLAR;
import static com.aliaport.ops.exchangerate.LocalHttpServer.status;
import static com.aliaport.ops.exchangerate.LocalHttpServer.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.alert.Severity;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobResult;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestJobContext;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code kur_guncelleme_daily} as the scheduler and {@code jobs run} call it. */
@ExtendWith(PostgresExtension.class)
class KurGuncellemeJobIT {
    private static final int RETRIES = 3;

    private static KurGuncellemeJob job(SyncHarness h) {
        return new KurGuncellemeJob(h.service(h.noEvds()), h.calendar, h.alerts, RETRIES);
    }

    private static int rows(Database db) {
        return db.dsl().fetchCount(KURLAR);
    }

    @Test
    void skips_a_saturday_with_the_reason_writing_nothing_and_alerting_no_one(Database db) throws Exception {
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2024-02-03T16:00"))) {
            JobResult result = job(h).run(TestJobContext.scheduled(KurGuncellemeJob.JOB_ID, 1, h.clock));

            assertThat(result.status()).isEqualTo(JobRunStatus.SKIPPED);
            assertThat(result.message())
                    .isEqualTo("2024-02-03 is Saturday: TCMB publishes no bulletin, nothing to sync");
            assertThat(h.tcmbServer.requests()).isEmpty();
            assertThat(rows(db)).isZero();
            assertThat(h.alerts.sent()).isEmpty();
        }
    }

    @Test
    void skips_a_bayram_day_given_with_date(Database db) throws Exception {
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2026-03-25T10:00"))) {
            JobResult result = job(h).run(TestJobContext.manual(KurGuncellemeJob.JOB_ID, h.clock)
                    .withParameters(Map.of("date", "2026-03-20")));

            assertThat(result.status()).isEqualTo(JobRunStatus.SKIPPED);
            assertThat(result.message()).contains("Ramazan Bayramı (1. gün)");
            assertThat(h.alerts.sent()).isEmpty();
        }
    }

    @Test
    void with_date_syncs_the_archive_bulletin_of_that_day(Database db) throws Exception {
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2026-03-25T10:00"))) {
            h.tcmbServer.on("/kurlar/202401/31012024.xml", xml(Fixtures.tcmb(Fixtures.TCMB_2024)));

            JobResult result = job(h).run(TestJobContext.manual(KurGuncellemeJob.JOB_ID, h.clock)
                    .withParameters(Map.of("date", "2024-01-31")));

            assertThat(result.status()).isEqualTo(JobRunStatus.SUCCEEDED);
            assertThat(result.message()).isEqualTo("stored 23 rates of 2024-01-31 from TCMB");
            assertThat(rows(db)).isEqualTo(23);
        }
    }

    @Test
    void a_failing_manual_run_alerts_high_at_once(Database db) {
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2024-02-01T10:00"))) {
            h.tcmbServer.on("/kurlar/202401/31012024.xml", status(502, "text/html", "bad gateway"));

            assertThatThrownBy(() -> job(h).run(TestJobContext.manual(KurGuncellemeJob.JOB_ID, h.clock)
                            .withParameters(Map.of("date", "2024-01-31"))))
                    .isInstanceOf(ExchangeRateSyncException.class)
                    .hasMessageContaining("HTTP 502");
            assertThat(h.alerts.of(Severity.HIGH)).singleElement().satisfies(a -> {
                assertThat(a.message()).contains("HTTP 502");
                assertThat(a.details()).containsEntry("trigger", "MANUAL").containsEntry("date", "2024-01-31");
            });
        }
    }

    @Test
    void a_failing_scheduled_run_alerts_high_only_once_its_retries_are_used_up(Database db) {
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2024-01-31T16:00"))) {
            h.tcmbServer.on("/kurlar/today.xml", status(503, "text/html", "down"));
            KurGuncellemeJob job = new KurGuncellemeJob(h.service(h.noEvds(), 0), h.calendar, h.alerts, RETRIES);

            for (int attempt = 1; attempt <= RETRIES; attempt++) {
                int a = attempt;
                assertThatThrownBy(() -> job.run(TestJobContext.scheduled(KurGuncellemeJob.JOB_ID, a, h.clock)))
                        .hasMessageContaining("HTTP 503");
            }
            assertThat(h.alerts.sent()).as("no alert while retries remain").isEmpty();

            assertThatThrownBy(() -> job.run(TestJobContext.scheduled(KurGuncellemeJob.JOB_ID, RETRIES + 1, h.clock)));
            assertThat(h.alerts.of(Severity.HIGH)).singleElement().satisfies(a -> assertThat(a.details())
                    .containsEntry("attempt", RETRIES + 1));
        }
    }

    @Test
    void the_scheduled_run_back_fills_missing_days_then_stores_today(Database db) throws Exception {
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2024-01-31T16:00"))) {
            h.tcmbServer.on("/kurlar/today.xml", xml(Fixtures.tcmb(Fixtures.TCMB_2024)));
            h.tcmbServer.onPrefix(
                    "/kurlar/2024",
                    rest -> xml(Fixtures.tcmb2024DatedOn(LocalDate.parse(
                            rest.substring(rest.indexOf('/') + 1, rest.indexOf('.')),
                            DateTimeFormatter.ofPattern("ddMMyyyy")))));
            KurGuncellemeJob job = job(h);
            h.service(h.noEvds()).syncDate(LocalDate.of(2024, 1, 26), java.util.Optional.empty());

            JobResult result = job.run(TestJobContext.scheduled(KurGuncellemeJob.JOB_ID, 1, h.clock));

            assertThat(result.status()).isEqualTo(JobRunStatus.SUCCEEDED);
            assertThat(result.message()).isEqualTo("stored 23 rates of 2024-01-31 from TCMB; back-filled 2 day(s)");
            assertThat(db.dsl()
                            .selectDistinct(KURLAR.TARIH)
                            .from(KURLAR)
                            .orderBy(KURLAR.TARIH)
                            .fetch(KURLAR.TARIH))
                    .containsExactly(
                            LocalDate.of(2024, 1, 26),
                            LocalDate.of(2024, 1, 29),
                            LocalDate.of(2024, 1, 30),
                            LocalDate.of(2024, 1, 31));
        }
    }

    @Test
    void a_manual_run_before_publication_time_takes_the_previous_business_days_bulletin(Database db) throws Exception {
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2024-02-01T09:30"))) {
            h.tcmbServer.on("/kurlar/today.xml", xml(Fixtures.tcmb(Fixtures.TCMB_2024)));

            JobResult result = job(h).run(TestJobContext.manual(KurGuncellemeJob.JOB_ID, h.clock));

            assertThat(result.status()).isEqualTo(JobRunStatus.SUCCEEDED);
            assertThat(result.message()).startsWith("stored 23 rates of 2024-01-31");
            assertThat(h.tcmbServer.requests()).hasSize(1); // no back-fill on a manual run
        }
    }

    @Test
    void a_date_that_is_not_a_date_fails_without_alerting(Database db) {
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2024-02-01T09:30"))) {
            assertThatThrownBy(() -> job(h).run(TestJobContext.manual(KurGuncellemeJob.JOB_ID, h.clock)
                            .withParameters(Map.of("date", "31.01.2024"))))
                    .hasMessage("--date '31.01.2024' is not a date (yyyy-MM-dd)");
            assertThat(h.alerts.sent()).isEmpty();
        }
    }
}
