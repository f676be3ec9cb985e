package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.db.PgReportEvents;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import com.aliaport.ops.testsupport.reports.TestReports;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Waiting for a task's end ({@link ReportQueueService#submitAndAwait}, {@link ReportEvents} positions), on the
 * real PostgreSQL and Redis: the end written on the waiter's node is handed over as committed, an end that came
 * before the waiter subscribed still wakes it at once, and ends told by {@code NOTIFY} wake a waiter while claims
 * and progress do not.
 */
@ExtendWith(PostgresExtension.class)
class AwaitEndIT extends QueueFixtureTest {
    private PgReportEvents events;

    @AfterEach
    void closeEvents() {
        if (events != null) {
            events.close();
        }
    }

    /** A fixture whose changes are told first to {@link #events} (not listening: only this process's own). */
    private void fixtureToldTo(Database db) {
        events = new PgReportEvents(db.dataSource());
        fixture = ReportQueueFixture.inFolder(
                db,
                ReportQueueFixture.fast(),
                dir,
                List.of(TestReports.xlsx("barinma"), TestReports.withoutFile("noop")),
                events);
    }

    private static ReportQueueService.SubmitRequest noop() {
        return new ReportQueueService.SubmitRequest("noop", Map.of(), "u1", Optional.empty());
    }

    private static ReportQueueService.SubmitRequest barinma(int rows, int rowMs) {
        Map<String, Object> p = new HashMap<>(MARCH);
        p.put("rows", rows);
        p.put("row_ms", rowMs);
        return new ReportQueueService.SubmitRequest("barinma", p, "u1", Optional.empty());
    }

    @Test
    void a_waiter_on_the_node_that_ran_the_report_is_handed_the_success_as_it_was_committed(Database db)
            throws Exception {
        fixtureToldTo(db);
        ReportWorkers workers = fixture.startWorkers("node-a", 1);
        ReportQueueService service = fixture.serviceWith(workers.localSlots(), events);
        awaitWaitingSlot(workers);
        long before = events.position();

        ReportTask end = service.submitAndAwait(noop(), Duration.ofSeconds(10), s -> {});

        assertThat(end.state()).isEqualTo(ReportState.SUCCESS);
        // A held submission hands its submitter the ended row before it tells the changes (issue 17).
        awaitTrue(() -> events.endSince(end.id(), before).isPresent());
        assertThat(end)
                .as("the row the result's writer handed over, not one read")
                .isSameAs(events.endSince(end.id(), before).orElseThrow());
        assertThat(end).isEqualTo(fixture.tasks.find(end.id()).orElseThrow());
    }

    @Test
    void an_end_written_before_the_waiter_subscribed_wakes_it_at_once_not_at_its_poll(Database db) throws Exception {
        fixtureToldTo(db);
        ReportWorkers workers = fixture.startWorkers("node-a", 1);
        ReportQueueService service =
                fixture.serviceWith(workers.localSlots(), events).pollingEvery(Duration.ofSeconds(30));
        awaitWaitingSlot(workers);
        long[] answered = new long[1];

        // The caller is slow to take the answer: the task ends before the waiter subscribes.
        ReportTask end = service.submitAndAwait(noop(), Duration.ofSeconds(60), s -> {
            await(s.task().id(), t -> t.state().terminal());
            answered[0] = System.nanoTime();
        });
        long waitedMs = (System.nanoTime() - answered[0]) / 1_000_000;

        assertThat(end.state()).isEqualTo(ReportState.SUCCESS);
        // Without the position taken before the submission the end would be found by the 30 s poll.
        assertThat(waitedMs).as("ms from the answer taken to the end seen").isLessThan(10_000);
    }

    @Test
    void ends_told_by_notify_wake_a_waiter_that_subscribes_late_and_claims_and_progress_do_not(Database db)
            throws Exception {
        fastFixture(db); // changes announced by NOTIFY only
        events = new PgReportEvents(db.dataSource()).start();
        awaitTrue(events::listening);
        fixture.startWorkers("node-a", 1);
        long before = events.position();

        // Four seconds in PROGRESS: room for a slow machine to look while it runs.
        ReportTask task = fixture.service.submit(barinma(20, 200)).task();
        AtomicInteger heard = new AtomicInteger();
        AtomicInteger endsHeard = new AtomicInteger();
        // Held open: the listener reads notifications while a task here has a subscriber.
        try (ReportEvents.Subscription all = events.subscribe(task.id(), heard::incrementAndGet);
                ReportEvents.Subscription end = events.subscribeToEnd(task.id(), before, endsHeard::incrementAndGet)) {
            await(task.id(), t -> t.state() == ReportState.PROGRESS);
            awaitTrue(() -> heard.get() > 0); // a notification of its claim or progress has arrived
            AtomicInteger early = new AtomicInteger();
            events.subscribeToEnd(task.id(), before, early::incrementAndGet).close();
            int endsHeardWhileRunning = endsHeard.get();

            await(task.id(), t -> t.state().terminal());
            awaitTrue(() -> endsHeard.get() > 0); // the notification of its end has arrived
            AtomicInteger late = new AtomicInteger();
            events.subscribeToEnd(task.id(), before, late::incrementAndGet).close();

            assertThat(early.get())
                    .as("wake-ups for the claim and progress alone")
                    .isZero();
            // The announcer sends the task's row as it is when it announces: a progress announced after the end
            // reads as the end too, so the end may wake the held waiter more than once.
            assertThat(endsHeardWhileRunning)
                    .as("the held waiter, woken while the task ran")
                    .isZero();
            assertThat(endsHeard.get()).as("the held waiter, woken by the end").isPositive();
            assertThat(late.get())
                    .as("a waiter subscribing after the end was told")
                    .isPositive();
        }
        assertThat(events.endSince(task.id(), before))
                .as("a row handed over only by the writer's own process")
                .isEmpty();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not true within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
