package com.aliaport.ops.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobRun;
import com.aliaport.ops.jobrun.JobRunExecutor;
import com.aliaport.ops.jobrun.JobRunListener;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.jobrun.JobStoppedException;
import com.aliaport.ops.jobrun.TriggerKind;
import com.aliaport.ops.jobrun.db.PgRunGuard;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestJobContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AuditArchiverIT {
    /** 10:00 in Istanbul on 15 March 2026. */
    static final ZonedDateTime NOW = ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, AuditArchiveSettings.ISTANBUL);

    static final Clock CLOCK = Clock.fixed(NOW.toInstant(), AuditArchiveSettings.ISTANBUL);

    static AuditArchiveSettings plain(int batchSize) {
        return AuditArchiveSettings.from(new AppConfig.Audit(90), AuditArchiveSettings.ISTANBUL)
                .withBatchSize(batchSize);
    }

    private static Instant istanbul(LocalDate date, int hour, int minute) {
        return date.atTime(LocalTime.of(hour, minute))
                .atZone(AuditArchiveSettings.ISTANBUL)
                .toInstant();
    }

    @Test
    void the_run_s_session_settings_do_not_follow_its_connection_back_into_the_pool(
            Database db, ConnectionSettings settings) {
        new AuditRows(db).insertAt(istanbul(NOW.toLocalDate().minusDays(400), 12, 0), "moved.400d");
        try (Database onePool = Database.connect(settings, "audit-one-connection", 1)) {
            String before = onePool.dsl().fetchOne("show backend_flush_after").get(0, String.class);

            new AuditArchiver(onePool, plain(100), CLOCK, new SimpleMeterRegistry())
                    .archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK))
                    .orElseThrow();

            // the archiver set backend_flush_after on its session; the pool's only connection is that one
            assertThat(onePool.dsl().fetchOne("show backend_flush_after").get(0, String.class))
                    .isEqualTo(before);
        }
    }

    @Test
    void moves_events_from_91_days_ago_and_keeps_those_from_90_and_89_days_ago_by_the_istanbul_date(Database db) {
        // GIVEN events around the 90-day boundary, some on the far side of midnight in UTC
        AuditRows rows = new AuditRows(db);
        LocalDate today = NOW.toLocalDate();
        rows.insertAt(istanbul(today.minusDays(89), 12, 0), "kept.89d");
        rows.insertAt(istanbul(today.minusDays(90), 0, 30), "kept.90d.early"); // 21:30 UTC on the 91st day back
        rows.insertAt(istanbul(today.minusDays(90), 0, 0), "kept.90d.midnight");
        rows.insertAt(istanbul(today.minusDays(90), 23, 59), "kept.90d.late");
        rows.insertAt(istanbul(today.minusDays(91), 23, 59), "moved.91d.late"); // still the 91st day in Istanbul
        rows.insertAt(istanbul(today.minusDays(91), 2, 0), "moved.91d.early"); // 23:00 UTC on the 92nd day back
        rows.insertAt(istanbul(today.minusDays(400), 12, 0), "moved.400d");
        AuditArchiver archiver = new AuditArchiver(db, plain(2), CLOCK, new SimpleMeterRegistry());

        // WHEN the daily run archives
        ArchiveReport report = archiver.archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK))
                .orElseThrow();

        // THEN exactly the events dated 91 days back or older (Istanbul date) moved
        assertThat(report.rowsMoved()).isEqualTo(3);
        assertThat(report.cutoff()).isEqualTo(istanbul(today.minusDays(90), 0, 0));
        assertThat(db.dsl()
                        .fetch("select event_type from audit_events order by event_type")
                        .map(r -> r.get(0, String.class)))
                .containsExactly("kept.89d", "kept.90d.early", "kept.90d.late", "kept.90d.midnight");
        assertThat(db.dsl()
                        .fetch("select event_type from audit_events_archive order by event_type")
                        .map(r -> r.get(0, String.class)))
                .containsExactly("moved.400d", "moved.91d.early", "moved.91d.late");
        assertThat(db.dsl()
                        .fetchOne(
                                "select count(*) from audit_events_archive where archived_at is null or details <> '{\"k\": 1}'::jsonb")
                        .get(0, Long.class))
                .isZero();
    }

    @Test
    void after_moving_the_rows_the_run_vacuums_and_analyzes_audit_events(Database db) throws Exception {
        // GIVEN events to archive, and a table no one has vacuumed or analyzed by hand
        AuditRows rows = new AuditRows(db);
        rows.insertAt(istanbul(NOW.toLocalDate().minusDays(400), 12, 0), "moved.400d");
        rows.insertAt(istanbul(NOW.toLocalDate().minusDays(10), 12, 0), "kept.10d");
        assertThat(manualMaintenance(db)).isEqualTo(new long[] {0, 0});

        // WHEN the daily run archives
        new AuditArchiver(db, plain(100), CLOCK, new SimpleMeterRegistry())
                .archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK))
                .orElseThrow();

        // THEN PostgreSQL's own statistics count one VACUUM and one ANALYZE of audit_events (autovacuum has
        // counters of its own), and say when
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (manualMaintenance(db)[0] == 0 && System.nanoTime() < deadline) {
            sleep(100); // the statistics collector reports asynchronously
        }
        assertThat(manualMaintenance(db)).isEqualTo(new long[] {1, 1});
        assertThat(db.dsl()
                        .fetchOne("select last_vacuum is not null and last_analyze is not null from pg_stat_user_tables"
                                + " where relname = 'audit_events'")
                        .get(0, Boolean.class))
                .isTrue();
    }

    /** {@code vacuum_count} and {@code analyze_count} of audit_events: manual runs only, not autovacuum's. */
    private static long[] manualMaintenance(Database db) {
        var r = db.dsl()
                .fetchOne("select vacuum_count, analyze_count from pg_stat_user_tables where relname = 'audit_events'");
        return new long[] {r.get(0, Long.class), r.get(1, Long.class)};
    }

    @Test
    void a_shorter_retention_moves_more(Database db) {
        AuditRows rows = new AuditRows(db);
        LocalDate today = NOW.toLocalDate();
        rows.insertAt(istanbul(today.minusDays(29), 12, 0), "kept");
        rows.insertAt(istanbul(today.minusDays(30), 0, 0), "kept");
        rows.insertAt(istanbul(today.minusDays(31), 23, 0), "moved");
        rows.insertAt(istanbul(today.minusDays(89), 12, 0), "moved");
        AuditArchiveSettings thirtyDays =
                AuditArchiveSettings.from(new AppConfig.Audit(30), AuditArchiveSettings.ISTANBUL);

        new AuditArchiver(db, thirtyDays, CLOCK, new SimpleMeterRegistry())
                .archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK));

        assertThat(rows.live()).isEqualTo(2);
        assertThat(rows.archived()).isEqualTo(2);
    }

    @Test
    void a_manual_run_as_of_an_earlier_date_uses_that_date_and_a_future_date_is_refused(Database db) {
        AuditRows rows = new AuditRows(db);
        rows.insertAt(istanbul(LocalDate.of(2025, 11, 1), 12, 0), "old");
        rows.insertAt(istanbul(LocalDate.of(2025, 12, 10), 12, 0), "younger");
        AuditArchiver archiver = new AuditArchiver(db, plain(100), CLOCK, new SimpleMeterRegistry());

        archiver.archive(
                TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK).withParameters(Map.of("date", "2026-02-01")));

        assertThat(rows.live()).isEqualTo(1);
        assertThatThrownBy(() -> archiver.archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK)
                        .withParameters(Map.of("date", "2026-03-16"))))
                .isInstanceOf(AuditArchiveException.class)
                .hasMessageContaining("in the future");
    }

    @Test
    void shows_progress_on_the_job_run_while_it_runs_and_ends_with_rows_and_time(Database db) throws Exception {
        // GIVEN 200,000 old events and small batches, so that the run outlasts the 0.5 s between progress writes
        AuditRows rows = new AuditRows(db);
        rows.insertSpread(
                200_000, NOW.minusDays(300).toInstant(), NOW.minusDays(100).toInstant());
        rows.insertSpread(500, NOW.minusDays(10).toInstant(), NOW.minusDays(1).toInstant());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditArchiver archiver = new AuditArchiver(db, plain(200), CLOCK, registry);
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = new JobRunExecutor(
                runs, new PgRunGuard(db.dataSource()), Clock.systemUTC(), "node-a", JobRunListener.NOOP);
        assertThat(registry.get("audit.archive.success").counter().count()).isZero();
        assertThat(registry.get("audit.archived.records").counter().count()).isZero();

        // WHEN the job runs, watched from another thread
        List<JobRun> seen = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                runs.running().forEach(seen::add);
                sleep(20);
            }
        });
        var request = new JobRunExecutor.Request(
                AuditArchiveJob.JOB_ID,
                TriggerKind.SCHEDULED,
                Instant.now(),
                1,
                Optional.empty(),
                Map.of(),
                new JobRunExecutor.Limits(Duration.ofMinutes(5), Duration.ofMinutes(6)),
                true);
        JobRunExecutor.Outcome outcome = executor.execute(request, new AuditArchiveJob(archiver), () -> false);
        done.set(true);
        watcher.join();

        // THEN the running row showed partial progress, and the finished one says how many rows and how long
        assertThat(seen).anySatisfy(run -> {
            assertThat(run.progressTotal()).contains(200_000L);
            assertThat(run.progressCurrent()).get().satisfies(c -> assertThat(c).isBetween(1L, 199_999L));
            assertThat(run.message()).get().asString().contains("of 200,000 audit events");
        });
        JobRun finished = runs.find(outcome.runId().orElseThrow()).orElseThrow();
        assertThat(finished.status()).isEqualTo(JobRunStatus.SUCCEEDED);
        assertThat(finished.message())
                .get()
                .asString()
                .startsWith("moved 200,000 audit events created before 2025-12-15 (Europe/Istanbul) to the archive in ")
                .contains("rows/s", "1000 batches", "VACUUM (ANALYZE)");
        assertThat(registry.get("audit.archive.success").counter().count()).isEqualTo(1);
        assertThat(registry.get("audit.archived.records").counter().count()).isEqualTo(200_000);
        assertThat(rows.live()).isEqualTo(500);
    }

    @Test
    void a_stopped_run_leaves_every_row_in_one_table_and_the_next_run_finishes(Database db) {
        AuditRows rows = new AuditRows(db);
        rows.insertSpread(
                20_000, NOW.minusDays(300).toInstant(), NOW.minusDays(100).toInstant());
        AuditArchiver archiver = new AuditArchiver(db, plain(1_000), CLOCK, new SimpleMeterRegistry());
        TestJobContext stopping =
                TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK).stoppingAt(5_000);

        assertThatThrownBy(() -> archiver.archive(stopping)).isInstanceOf(JobStoppedException.class);
        AuditRows.Ids afterStop = rows.ids();
        assertThat(afterStop.archived()).isEqualTo(5_000);
        assertThat(afterStop.total()).isEqualTo(20_000);
        assertThat(afterStop.inBoth()).isZero();

        ArchiveReport rest = archiver.archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK))
                .orElseThrow();
        assertThat(rest.rowsMoved()).isEqualTo(15_000);
        assertThat(rows.ids()).isEqualTo(new AuditRows.Ids(0, 20_000, 0, afterStop.idSum()));
    }

    @Test
    void a_second_run_while_one_holds_the_lock_is_skipped(Database db) throws Exception {
        AuditArchiver archiver = new AuditArchiver(db, plain(100), CLOCK, new SimpleMeterRegistry());
        try (var held = com.aliaport.ops.auditlog.db.AuditSession.tryOpen(
                        db.dataSource(), db.dsl().settings())
                .orElseThrow()) {
            var result = new AuditArchiveJob(archiver).run(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK));
            assertThat(result.status()).isEqualTo(JobRunStatus.SKIPPED);
        }
        assertThat(new AuditArchiveJob(archiver)
                        .run(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK))
                        .status())
                .isEqualTo(JobRunStatus.SUCCEEDED);
    }

    @Test
    void inserts_by_the_application_during_archiving_all_succeed_without_waiting(Database db) throws Exception {
        // GIVEN 150,000 old events
        AuditRows rows = new AuditRows(db);
        rows.insertSpread(
                150_000, NOW.minusDays(400).toInstant(), NOW.minusDays(95).toInstant());
        AuditLog auditLog = new AuditLog(db.dsl(), Clock.systemUTC());
        AuditArchiver archiver = new AuditArchiver(db, plain(5_000), CLOCK, new SimpleMeterRegistry());

        // WHEN four writers keep recording events while the archive runs
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserted = new AtomicLong();
        AtomicLong slowest = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    try {
                        auditLog.record("console.action", "operator-" + writer, Map.of("screen", "runs"));
                        inserted.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                    slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                }
            }));
        }
        sleep(200);
        ArchiveReport report = archiver.archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK))
                .orElseThrow();
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }

        // THEN no insert failed or waited long, every new event stays live and every old one moved
        assertThat(failures).isEmpty();
        assertThat(inserted.get()).isPositive();
        assertThat(Duration.ofNanos(slowest.get())).isLessThan(Duration.ofSeconds(2));
        assertThat(report.rowsMoved()).isEqualTo(150_000);
        assertThat(rows.live()).isEqualTo(inserted.get());
        assertThat(rows.archived()).isEqualTo(150_000);
    }

    @Test
    void partitioned_mode_on_a_plain_table_fails_and_says_to_migrate(Database db) {
        AuditArchiver archiver = new AuditArchiver(
                db, plain(100).withMode(AppConfig.Audit.Mode.PARTITIONED), CLOCK, new SimpleMeterRegistry());

        assertThatThrownBy(() -> archiver.archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK)))
                .isInstanceOf(AuditArchiveException.class)
                .hasMessageContaining("run the partition migration first");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
