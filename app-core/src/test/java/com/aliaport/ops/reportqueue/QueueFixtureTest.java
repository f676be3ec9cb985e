package com.aliaport.ops.reportqueue;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import com.aliaport.ops.testsupport.reports.TestReports;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the queue's suites share: a fixture of each test's own, in a temporary folder, closed after the test. */
abstract class QueueFixtureTest {
    static final Map<String, Object> MARCH = Map.of("date_from", "2026-03-01", "date_to", "2026-03-31");

    @TempDir
    Path dir;

    ReportQueueFixture fixture;

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** This test's fixture: the fast settings, folder storage, a barınma-like report and a no-op task. */
    ReportQueueFixture fastFixture(Database db) {
        fixture = ReportQueueFixture.inFolder(
                db,
                ReportQueueFixture.fast(),
                dir,
                List.of(TestReports.xlsx("barinma"), TestReports.withoutFile("noop")));
        return fixture;
    }

    /** The task once {@code until} holds for it, read every 20 ms for up to 30 s. */
    ReportTask await(UUID id, Predicate<ReportTask> until) {
        return await(id, until, Duration.ofSeconds(30));
    }

    /** The task once {@code until} holds for it, read every 20 ms for up to {@code timeout}. */
    ReportTask await(UUID id, Predicate<ReportTask> until, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        ReportTask t;
        do {
            t = fixture.tasks.find(id).orElseThrow();
            if (until.test(t)) {
                return t;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for task " + id, e);
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("task " + id + " did not reach the expected state in " + timeout + "; last: " + t);
    }

    /** Waits until one slot of {@code workers} waits for a message (reserving it once to see, then giving it back). */
    static void awaitWaitingSlot(ReportWorkers workers) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            List<LocalSlots.Reservation> seen = workers.localSlots().reserve(1);
            if (!seen.isEmpty()) {
                seen.forEach(LocalSlots.Reservation::release);
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no worker slot waited for work within 10 s");
    }
}
