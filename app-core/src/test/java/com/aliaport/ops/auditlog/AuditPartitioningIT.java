package com.aliaport.ops.auditlog;

import static com.aliaport.ops.auditlog.AuditArchiverIT.CLOCK;
import static com.aliaport.ops.auditlog.AuditArchiverIT.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestJobContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AuditPartitioningIT {
    static final AuditArchiveSettings PARTITIONED = AuditArchiveSettings.from(
            new AppConfig.Audit(90, AppConfig.Audit.Mode.PARTITIONED, 1_000, 3), AuditArchiveSettings.ISTANBUL);

    private static Instant istanbul(int year, int month, int day) {
        return LocalDate.of(year, month, day)
                .atStartOfDay(AuditArchiveSettings.ISTANBUL)
                .toInstant();
    }

    /** Live events evenly from 1 Sep 2025 to 15 Mar 2026, archive events of Mar to Jun 2025. */
    private static AuditRows someHistory(Database db) {
        AuditRows rows = new AuditRows(db);
        rows.insertSpread(13_000, istanbul(2025, 9, 1), NOW.toInstant());
        db.dsl().execute("""
                insert into audit_events_archive (id, event_type, user_id, details, created_at, archived_at)
                select 1000000 + g, 'old.event', null, '{}'::jsonb,
                       '2025-03-01 00:00+03'::timestamptz + (g * interval '1 hour'), now()
                  from generate_series(1, 2500) g""");
        return rows;
    }

    @Test
    void the_migration_to_partitions_keeps_every_row_and_new_events_go_on_with_fresh_ids(Database db) {
        // GIVEN plain tables with history, and a role allowed to read the audit log
        AuditRows rows = someHistory(db);
        AuditRows.Census before = rows.census();
        long maxId = db.dsl().fetchOne("select max(id) from audit_events").get(0, Long.class);
        String reader = "aliaport_it_audit_reader_" + ProcessHandle.current().pid();
        db.dsl().execute("drop role if exists " + reader);
        db.dsl().execute("create role " + reader);
        db.dsl().execute("grant select on audit_events, audit_events_archive to " + reader);
        AuditPartitioning partitioning = new AuditPartitioning(db, PARTITIONED, CLOCK);

        try {
            // WHEN it migrates
            MigrationReport report = partitioning.migrateToPartitioned();

            // THEN every row is where it was, in monthly partitions, and the grants carried over
            assertThat(report.alreadyPartitioned()).isFalse();
            assertThat(report.liveRows()).isEqualTo(13_000);
            assertThat(report.archiveRows()).isEqualTo(2_500);
            assertThat(rows.census()).isEqualTo(before);
            assertThat(partitioning.isPartitioned()).isTrue();
            assertThat(rows.partitionsOf("audit_events"))
                    .contains(
                            "audit_events_2025_09",
                            "audit_events_2026_03",
                            "audit_events_2026_06",
                            "audit_events_default")
                    .hasSize(11);
            assertThat(rows.partitionsOf("audit_events_archive"))
                    .containsExactly(
                            "audit_events_archive_2025_03",
                            "audit_events_archive_2025_04",
                            "audit_events_archive_2025_05",
                            "audit_events_archive_2025_06");
            assertThat(db.dsl()
                            .fetchOne("select has_table_privilege(?, 'audit_events', 'select')", reader)
                            .get(0, Boolean.class))
                    .isTrue();
            long id = new AuditLog(db.dsl(), Clock.systemUTC()).record("console.login", "operator", Map.of("ok", true));
            assertThat(id).isGreaterThan(maxId);
            assertThat(partitioning.migrateToPartitioned().alreadyPartitioned()).isTrue();
        } finally {
            db.dsl().execute("drop owned by " + reader);
            db.dsl().execute("drop role " + reader);
        }
    }

    @Test
    void events_written_while_the_migration_copies_are_all_kept(Database db) throws Exception {
        AuditRows rows = new AuditRows(db);
        rows.insertSpread(120_000, istanbul(2025, 6, 1), NOW.toInstant());
        AuditLog auditLog = new AuditLog(db.dsl(), Clock.systemUTC());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserted = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            writers.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        auditLog.record("console.action", "operator", Map.of("during", "migration"));
                        inserted.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }

        new AuditPartitioning(db, PARTITIONED, CLOCK).migrateToPartitioned();
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }

        assertThat(failures).isEmpty();
        assertThat(inserted.get()).isPositive();
        assertThat(rows.live()).isEqualTo(120_000 + inserted.get());
        assertThat(db.dsl()
                        .fetchOne("select count(distinct id) from audit_events")
                        .get(0, Long.class))
                .isEqualTo(120_000 + inserted.get());
    }

    @Test
    void partitioned_archiving_moves_whole_past_months_and_the_boundary_month_row_wise(Database db) {
        // GIVEN partitioned tables; on 15 Mar 2026 the cutoff is 15 Dec 2025 (Istanbul)
        AuditRows rows = someHistory(db);
        new AuditPartitioning(db, PARTITIONED, CLOCK).migrateToPartitioned();
        AuditRows.Census before = rows.census();
        Instant cutoff = istanbul(2025, 12, 15);
        long dueRows = rows.liveBefore(cutoff);
        long decemberDue = db.dsl()
                .fetchOne(
                        "select count(*) from audit_events_2025_12 where created_at < ?::timestamptz",
                        AuditRows.utc(cutoff))
                .get(0, Long.class);
        long december = rows.count("audit_events_2025_12");
        AuditArchiver archiver = new AuditArchiver(db, PARTITIONED, CLOCK, new SimpleMeterRegistry());

        // WHEN it archives
        ArchiveReport report = archiver.archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK))
                .orElseThrow();

        // THEN September to November left as whole partitions, and December's first half moved row by row
        assertThat(report.wholeMonths())
                .extracting(PartitionMonth::toString)
                .containsExactly("2025-09", "2025-10", "2025-11");
        assertThat(report.rowsMoved()).isEqualTo(dueRows);
        assertThat(report.rowsInWholeMonths()).isEqualTo(dueRows - decemberDue);
        assertThat(rows.partitionsOf("audit_events"))
                .doesNotContain("audit_events_2025_09", "audit_events_2025_11")
                .contains("audit_events_2025_12");
        assertThat(rows.partitionsOf("audit_events_archive"))
                .contains(
                        "audit_events_archive_2025_09", "audit_events_archive_2025_11", "audit_events_archive_2025_12");
        assertThat(rows.liveBefore(cutoff)).isZero();
        assertThat(rows.count("audit_events_archive_2025_12")).isEqualTo(decemberDue);
        assertThat(rows.census().fingerprint()).isEqualTo(before.fingerprint());
        assertThat(rows.census().inBoth()).isZero();

        // AND a month later December, now wholly past, has its rest moved row-wise into the archive's December
        Clock monthLater = Clock.fixed(NOW.plusMonths(1).toInstant(), AuditArchiveSettings.ISTANBUL);
        ArchiveReport next = new AuditArchiver(db, PARTITIONED, monthLater, new SimpleMeterRegistry())
                .archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, monthLater))
                .orElseThrow();
        assertThat(next.wholeMonths()).isEmpty();
        assertThat(rows.partitionsOf("audit_events"))
                .doesNotContain("audit_events_2025_12")
                .contains("audit_events_2026_01");
        assertThat(rows.count("audit_events_archive_2025_12")).isEqualTo(december);
        assertThat(rows.liveBefore(istanbul(2026, 1, 15))).isZero();
        assertThat(rows.census().fingerprint()).isEqualTo(before.fingerprint());
    }

    @Test
    void maintenance_creates_next_months_and_moves_their_rows_out_of_the_default_partition(Database db) {
        // GIVEN partitions through June 2026 and, in the default partition, events of August 2026
        AuditRows rows = new AuditRows(db);
        rows.insertSpread(100, istanbul(2026, 3, 1), istanbul(2026, 3, 10));
        new AuditPartitioning(db, PARTITIONED, CLOCK).migrateToPartitioned();
        rows.insertSpread(40, istanbul(2026, 8, 1), istanbul(2026, 8, 20));
        assertThat(rows.count("audit_events_default")).isEqualTo(40);

        // WHEN maintenance runs in June
        Clock june = Clock.fixed(
                ZonedDateTime.of(2026, 6, 2, 2, 30, 0, 0, AuditArchiveSettings.ISTANBUL)
                        .toInstant(),
                AuditArchiveSettings.ISTANBUL);
        var result = new AuditPartitionMaintenanceJob(new AuditPartitioning(db, PARTITIONED, june), PARTITIONED)
                .run(TestJobContext.manual(AuditArchiveJob.JOB_ID, june));

        // THEN July to September exist, and August's events moved into their partition
        assertThat(result.status()).isEqualTo(JobRunStatus.SUCCEEDED);
        assertThat(result.message()).contains("2026-07", "2026-08", "2026-09");
        assertThat(rows.partitionsOf("audit_events"))
                .contains("audit_events_2026_07", "audit_events_2026_08", "audit_events_2026_09");
        assertThat(rows.count("audit_events_default")).isZero();
        assertThat(rows.count("audit_events_2026_08")).isEqualTo(40);
        assertThat(rows.live()).isEqualTo(140);
    }

    @Test
    void maintenance_in_plain_mode_is_skipped(Database db) {
        AuditArchiveSettings plain = AuditArchiveSettings.from(new AppConfig.Audit(90), AuditArchiveSettings.ISTANBUL);
        var result = new AuditPartitionMaintenanceJob(new AuditPartitioning(db, plain, CLOCK), plain)
                .run(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK));
        assertThat(result.status()).isEqualTo(JobRunStatus.SKIPPED);
    }
}
