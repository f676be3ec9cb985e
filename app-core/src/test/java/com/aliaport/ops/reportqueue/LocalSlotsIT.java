package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.db.ReportTaskAdmissions;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import com.aliaport.ops.testsupport.reports.TestReports;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Submissions handed to a waiting worker slot of the same node ({@link LocalSlots}), on the real PostgreSQL and
 * Redis: claimed in their insert and run without a message, the queue used as before when no slot waits, a message
 * read by a slot while it was reserved given back and built once, and a task claimed in its insert by a node that
 * died brought back by its lease.
 */
@ExtendWith(PostgresExtension.class)
class LocalSlotsIT extends QueueFixtureTest {
    /** A node with one slot, waiting for work; submissions through {@link #direct} are handed to it. */
    private ReportWorkers idleNode;

    private static ReportQueueService.SubmitRequest barinma(int rows, int rowMs) {
        Map<String, Object> p = new java.util.HashMap<>(MARCH);
        p.put("rows", rows);
        p.put("row_ms", rowMs);
        return new ReportQueueService.SubmitRequest("barinma", p, "u1", Optional.empty());
    }

    /** Messages ever added to the {@code reports} stream (0 before the first). */
    private long messagesAdded() {
        String stream = fixture.prefix + ReportQueueSettings.REPORTS;
        if (!fixture.redis.exists(stream)) {
            return 0;
        }
        return ((Number) fixture.redis.xinfoStream(stream).getStreamInfo().get("entries-added")).longValue();
    }

    @Test
    void a_task_submitted_while_a_slot_waits_is_claimed_in_its_insert_and_built_without_a_message(Database db)
            throws Exception {
        fastFixture(db);
        ReportWorkers workers = fixture.startWorkers("node-a", 1);
        ReportQueueService service = fixture.serviceWith(workers.localSlots());
        awaitWaitingSlot(workers);
        long before = messagesAdded();

        ReportQueueService.Submission s = service.submit(barinma(3, 0));

        assertThat(s.created()).isTrue();
        assertThat(s.task().state()).isEqualTo(ReportState.STARTED);
        assertThat(s.task().workerId()).contains("node-a-1");
        assertThat(s.task().fencingToken()).isEqualTo(1);
        assertThat(s.task().attempts()).isEqualTo(1);
        assertThat(s.task().leaseUntil()).isPresent();
        ReportTask done = await(s.task().id(), t -> t.state().terminal());
        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(done.storageKey()).isPresent();
        List<ReportTaskRepository.Attempt> attempts = fixture.tasks.attempts(done.id());
        assertThat(attempts).hasSize(1);
        assertThat(attempts.getFirst().workerId()).isEqualTo("node-a-1");
        assertThat(attempts.getFirst().outcome()).contains("SUCCESS");
        assertThat(messagesAdded()).as("messages on the reports stream").isEqualTo(before);
    }

    @Test
    void with_its_only_slot_busy_a_submission_goes_through_the_queue_and_runs_after(Database db) throws Exception {
        fastFixture(db);
        ReportWorkers workers = fixture.startWorkers("node-a", 1);
        ReportQueueService service = fixture.serviceWith(workers.localSlots());
        awaitWaitingSlot(workers);
        ReportTask first = service.submit(barinma(10, 100)).task();
        assertThat(first.state()).isEqualTo(ReportState.STARTED);
        long before = messagesAdded();

        ReportTask second = service.submit(barinma(2, 0)).task();

        assertThat(second.state()).isEqualTo(ReportState.PENDING);
        // Its message; and once more if the slot's read, still waiting when the slot was reserved, took it first
        // and gave it back.
        assertThat(messagesAdded()).isBetween(before + 1, before + 2);
        assertThat(await(first.id(), t -> t.state().terminal()).state()).isEqualTo(ReportState.SUCCESS);
        ReportTask done = await(second.id(), t -> t.state().terminal());
        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(done.startedAt().orElseThrow())
                .isAfterOrEqualTo(first.startedAt().orElseThrow());
        assertThat(fixture.tasks.attempts(done.id())).hasSize(1);
    }

    @Test
    void a_message_read_by_a_slot_while_it_was_reserved_is_given_back_and_built_once(Database db) throws Exception {
        fastFixture(db);
        ReportWorkers workers = fixture.startWorkers("node-a", 1);
        awaitWaitingSlot(workers);
        List<LocalSlots.Reservation> held = workers.localSlots().reserve(1);
        assertThat(held).hasSize(1);
        long before = messagesAdded();

        // A submission from a process without slots: through Redis, read by the reserved slot's waiting read.
        ReportTask task = fixture.service.submit(barinma(2, 0)).task();

        Instant deadline = Instant.now().plusSeconds(10);
        while (messagesAdded() < before + 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertThat(messagesAdded())
                .as("the submission's message and the one given back")
                .isEqualTo(before + 2);
        Thread.sleep(300);
        assertThat(fixture.tasks.find(task.id()).orElseThrow().state())
                .as("not run while its slot is reserved")
                .isEqualTo(ReportState.PENDING);

        held.forEach(LocalSlots.Reservation::release);

        ReportTask done = await(task.id(), t -> t.state().terminal());
        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(fixture.tasks.attempts(done.id())).hasSize(1);
    }

    @Test
    void a_task_claimed_in_its_insert_by_a_node_that_died_is_run_again_after_its_lease(Database db) throws Exception {
        fastFixture(db);
        // The insert of a node that died right after it: claimed for its slot, never run.
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        var admitted = fixture.tasks
                .admissions()
                .admitAndInsert(
                        List.of(new ReportTaskAdmissions.NewTask(
                                id,
                                "noop",
                                ReportQueueSettings.REPORTS,
                                Map.of(),
                                "u1",
                                4,
                                Optional.empty(),
                                Optional.empty(),
                                now)),
                        Map.of(id, "dead-node-1"),
                        now,
                        now.plus(Duration.ofSeconds(1)),
                        now.minusSeconds(60),
                        1_000);
        assertThat(admitted.get(id)).isInstanceOf(ReportTaskAdmissions.Admission.Created.class);
        assertThat(fixture.tasks.find(id).orElseThrow().state()).isEqualTo(ReportState.STARTED);

        fixture.reconciler.start();
        fixture.startWorkers("node-b", 1);

        ReportTask done = await(id, t -> t.state().terminal());
        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        List<ReportTaskRepository.Attempt> attempts = fixture.tasks.attempts(id);
        assertThat(attempts)
                .extracting(ReportTaskRepository.Attempt::workerId)
                .containsExactly("dead-node-1", "node-b-1");
        assertThat(attempts).extracting(a -> a.outcome().orElse(null)).containsExactly("LOST", "SUCCESS");
    }

    private ReportQueueService idleNodeService() throws InterruptedException {
        idleNode = fixture.startWorkers("node-a", 1);
        ReportQueueService service = fixture.serviceWith(idleNode.localSlots());
        awaitWaitingSlot(idleNode);
        return service;
    }

    /** Submits once the idle node's slot waits again, and checks the task was handed over directly. */
    private ReportTask direct(ReportQueueService service, ReportQueueService.SubmitRequest request)
            throws InterruptedException {
        awaitWaitingSlot(idleNode);
        ReportTask task = service.submit(request).task();
        assertThat(task.state()).as("handed over directly").isEqualTo(ReportState.STARTED);
        return task;
    }

    /** Once the slot is free again, a quick report goes to it directly and succeeds. */
    private void slotServesAgain(ReportQueueService service) throws InterruptedException {
        ReportTask next = direct(service, barinma(2, 0));
        assertThat(await(next.id(), t -> t.state().terminal()).state()).isEqualTo(ReportState.SUCCESS);
    }

    /** A fixture whose reports have a soft limit of 1 s and a hard one of 3 s, with a report deaf to stop requests. */
    private ReportQueueFixture limitedFixture(Database db) {
        fixture = ReportQueueFixture.inFolder(
                db,
                ReportQueueFixture.fast(Duration.ofSeconds(1), Duration.ofSeconds(3)),
                dir,
                List.of(TestReports.xlsx("barinma"), TestReports.hanging("hanging")));
        return fixture;
    }

    @Test
    void a_report_handed_over_directly_that_runs_long_is_supervised_and_stops_when_cancelled(Database db)
            throws Exception {
        fastFixture(db);
        ReportQueueService service = idleNodeService();

        // Runs in the thread it was handed to; past its quick window its supervision starts (heartbeats, cancel).
        ReportTask slow = direct(service, barinma(600, 100));
        await(slow.id(), t -> t.state() == ReportState.PROGRESS, Duration.ofSeconds(20));
        Instant asked = Instant.now();
        service.cancel(slow.id());
        ReportTask cancelled = await(slow.id(), t -> t.state().terminal(), Duration.ofSeconds(10));

        assertThat(cancelled.state()).isEqualTo(ReportState.CANCELLED);
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThat(fixture.tasks.attempts(slow.id()).getFirst().outcome()).contains("CANCELLED");
        slotServesAgain(service);
    }

    @Test
    void a_report_handed_over_directly_past_its_soft_limit_stops_and_fails_with_a_time_out(Database db)
            throws Exception {
        limitedFixture(db);
        ReportQueueService service = idleNodeService();

        ReportTask slow = direct(service, barinma(600, 50));
        ReportTask done = await(slow.id(), t -> t.state().terminal(), Duration.ofSeconds(15));

        assertThat(done.state()).isEqualTo(ReportState.FAILURE);
        assertThat(done.error()).get().asString().contains("soft limit");
        assertThat(done.errorCode()).contains(ReportErrorCode.TIMED_OUT);
        assertThat(Duration.between(
                        done.startedAt().orElseThrow(), done.finishedAt().orElseThrow()))
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_report_handed_over_directly_and_deaf_to_stop_requests_is_abandoned_at_the_hard_limit_and_its_slot_freed(
            Database db) throws Exception {
        limitedFixture(db);
        ReportQueueService service = idleNodeService();

        ReportTask stuck =
                direct(service, new ReportQueueService.SubmitRequest("hanging", MARCH, "u1", Optional.empty()));
        ReportTask done = await(stuck.id(), t -> t.state().terminal(), Duration.ofSeconds(15));

        assertThat(done.state()).isEqualTo(ReportState.FAILURE);
        assertThat(done.error()).get().asString().contains("hard limit of 3 s");
        // Its thread is still stuck in the report, but the slot is free: the next one is handed over directly.
        slotServesAgain(service);
    }
}
