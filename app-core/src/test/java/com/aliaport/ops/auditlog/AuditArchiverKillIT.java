package com.aliaport.ops.auditlog;

import static com.aliaport.ops.auditlog.AuditArchiverIT.CLOCK;
import static com.aliaport.ops.auditlog.AuditArchiverIT.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestJobContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Kills a separate archiving process at random moments of a large run, several times, then lets a run finish. */
@Tag("fault")
@ExtendWith(PostgresExtension.class)
class AuditArchiverKillIT {
    private static final int OLD = 200_000;
    private static final int YOUNG = 10_000;
    private static final int KILLS = 5;

    @ParameterizedTest
    @EnumSource(AppConfig.Audit.Mode.class)
    void killing_the_archiver_at_random_moments_never_loses_or_doubles_a_row(
            AppConfig.Audit.Mode mode, Database db, ConnectionSettings settings) throws Exception {
        // GIVEN 200,000 events past the retention and 10,000 within it
        AuditRows rows = new AuditRows(db);
        rows.insertSpread(OLD, NOW.minusDays(300).toInstant(), NOW.minusDays(92).toInstant());
        rows.insertSpread(YOUNG, NOW.minusDays(80).toInstant(), NOW.minusDays(1).toInstant());
        AuditArchiveSettings archive = AuditArchiveSettings.from(new AppConfig.Audit(90), AuditArchiveSettings.ISTANBUL)
                .withBatchSize(2_000)
                .withMode(mode);
        if (mode == AppConfig.Audit.Mode.PARTITIONED) {
            new AuditPartitioning(db, archive, CLOCK).migrateToPartitioned();
        }
        AuditRows.Ids original = rows.ids();
        Random random = new Random();
        List<Long> archivedAfterKills = new ArrayList<>();

        // WHEN an archiving process is killed at a random moment of its run, several times
        for (int kill = 0; kill < KILLS; kill++) {
            long archivedBefore = rows.archived();
            Process process = start(settings, mode);
            awaitMovement(process, rows, archivedBefore);
            // The first kill comes as soon as rows move (whole months go in ~10 ms each, so a random wait
            // could outlast a partitioned run); the others at a random moment up to 0.4 s later.
            Thread.sleep(kill == 0 ? 0 : random.nextInt(400));
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            awaitBackendGone(db);

            // THEN each time, every row is in exactly one of the two tables
            AuditRows.Ids now = rows.ids();
            assertThat(now.inBoth()).isZero();
            assertThat(now.total()).isEqualTo(original.total());
            assertThat(now.idSum()).isEqualTo(original.idSum());
            archivedAfterKills.add(now.archived());
        }
        // (the kills landed mid-run: some rows had moved, not yet all)
        assertThat(archivedAfterKills).anySatisfy(a -> assertThat(a).isBetween(1L, (long) OLD - 1));

        // AND the next run completes the work
        new AuditArchiver(db, archive, CLOCK, new SimpleMeterRegistry())
                .archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, CLOCK));
        assertThat(rows.ids()).isEqualTo(new AuditRows.Ids(YOUNG, OLD, 0, original.idSum()));
        assertThat(rows.liveBefore(archive.cutoff(CLOCK.instant()))).isZero();
    }

    private static Process start(ConnectionSettings settings, AppConfig.Audit.Mode mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ArchiveProcessMain.class.getName(),
                        settings.jdbcUrl(),
                        settings.user(),
                        "2000",
                        mode.name())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Waits until the process has moved rows (or ended), so that the kill lands inside the run. */
    private static void awaitMovement(Process process, AuditRows rows, long archivedBefore)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (process.isAlive() && rows.archived() == archivedBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** A killed client's backend may still finish its statement: wait until it is gone. */
    private static void awaitBackendGone(Database db) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            long left = db.dsl()
                    .fetchOne("select count(*) from pg_stat_activity where application_name = 'audit-kill-test'")
                    .get(0, Long.class);
            if (left == 0) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
