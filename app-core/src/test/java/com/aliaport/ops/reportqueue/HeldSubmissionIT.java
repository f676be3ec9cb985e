package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.reportqueue.db.PgReportEvents;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A submission held back while a slot of its node runs it, for a submitter that waits for the end
 * ({@link ReportQueueService#submitAndAwait}, issue 17), on the real PostgreSQL and Redis: a quick report's
 * task is inserted only as it ended (one row write, one commit) and nobody sees it before; progress or a run past the
 * quick window inserts it claimed first; an insert PostgreSQL refuses loses nothing anybody was told of and tells the
 * submitter; a key used by another request meanwhile answers with that request's task; a refused submission holds
 * nothing.
 */
@ExtendWith(PostgresExtension.class)
class HeldSubmissionIT extends QueueFixtureTest {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private PgReportEvents events;
    private ReportWorkers workers;
    private ReportQueueService service;
    /** The quick window of the node's direct runs, when a test looks inside it: longer than ReportWorkers.QUICK. */
    private Duration directWindow;

    @AfterEach
    void openGateAndCloseEvents() {
        gate.countDown();
        if (events != null) {
            events.close();
        }
    }

    /**
     * A report without a file that says it started, writes progress first if asked ({@code progress}), and ends
     * when the test opens the gate, after writing progress if asked ({@code lateProgress}).
     */
    private ReportBuilder gated() {
        return new ReportBuilder() {
            @Override
            public String type() {
                return "gated";
            }

            @Override
            public Map<String, String> validate(Map<String, Object> raw) {
                Map<String, String> p = new HashMap<>();
                raw.forEach((k, v) -> p.put(k, String.valueOf(v)));
                return p;
            }

            @Override
            public void write(Map<String, String> parameters, OutputStream out, ReportProgress progress) {
                if (parameters.containsKey("progress")) {
                    progress.update(1, 2, "yarısı hazır");
                }
                started.countDown();
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                if (parameters.containsKey("lateProgress")) {
                    progress.update(1, 2, "yarısı hazır");
                }
            }

            @Override
            public boolean producesFile() {
                return false;
            }
        };
    }

    private ReportQueueService serviceWithWaitingSlot(Database db, ReportQueueSettings settings) throws Exception {
        events = new PgReportEvents(db.dataSource());
        fixture = ReportQueueFixture.inFolder(db, settings, dir, List.of(gated()), events);
        workers = fixture.startWorkers("node-a", 1);
        if (directWindow != null) {
            workers.directWindow(directWindow);
        }
        awaitWaitingSlot(workers);
        service = fixture.serviceWith(workers.localSlots(), events);
        return service;
    }

    private static ReportQueueService.SubmitRequest gatedRequest(boolean progress) {
        return new ReportQueueService.SubmitRequest(
                "gated", progress ? Map.of("progress", true) : Map.of(), "u1", Optional.empty());
    }

    /**
     * Submits and waits in a thread of its own; the task as stored when the submitter was told of it (read by another
     * connection) lands in {@code toldAsStored}.
     */
    private static CompletableFuture<ReportTask> submitAndAwait(
            ReportQueueService service, boolean progress, AtomicReference<ReportTask> toldAsStored, Database db) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return service.submitAndAwait(
                        gatedRequest(progress),
                        Duration.ofSeconds(30),
                        s -> toldAsStored.set(new ReportTaskRepository(db.dsl())
                                .find(s.task().id())
                                .orElse(null)));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A gated report submitted and awaited (in a thread of its own) on a node with a slot waiting, once it has
     * started: the end to come; the task as stored when its submitter was told of it lands in {@code told}.
     */
    private CompletableFuture<ReportTask> submittedAndStarted(
            Database db, boolean progress, AtomicReference<ReportTask> told) throws Exception {
        CompletableFuture<ReportTask> end =
                submitAndAwait(serviceWithWaitingSlot(db, ReportQueueFixture.fast()), progress, told, db);
        assertThat(started.await(10, TimeUnit.SECONDS)).as("the report started").isTrue();
        return end;
    }

    /** Rows of {@code table} (report_tasks or report_task_attempts) as another connection sees them. */
    private static int rows(Database db, String table) {
        return db.dsl().fetchSingle("SELECT count(*) FROM " + table).get(0, Integer.class);
    }

    /** The task as stored when its submitter was told of it, once it was (up to 10 s). */
    private static ReportTask onceTold(AtomicReference<ReportTask> told) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (told.get() == null && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        return told.get();
    }

    @Test
    void a_quick_report_awaited_by_its_submitter_is_committed_with_its_success_and_unseen_before(Database db)
            throws Exception {
        directWindow = Duration.ofSeconds(30); // the test's look inside the window may take longer than 250 ms
        AtomicReference<ReportTask> told = new AtomicReference<>();

        CompletableFuture<ReportTask> end = submittedAndStarted(db, false, told);
        int seenWhileRunning = rows(db, "report_tasks");
        gate.countDown();
        ReportTask done = end.get(10, TimeUnit.SECONDS);

        assertThat(seenWhileRunning)
                .as("rows of the running task seen by another connection")
                .isZero();
        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(told.get())
                .as("the task as stored when its submitter was told of it")
                .isNotNull()
                .extracting(ReportTask::state)
                .isEqualTo(ReportState.SUCCESS);
        List<ReportTaskRepository.Attempt> attempts = fixture.tasks.attempts(done.id());
        assertThat(attempts).hasSize(1);
        assertThat(attempts.getFirst().outcome()).contains("SUCCESS");
    }

    @Test
    void a_report_that_writes_progress_commits_its_submission_first_and_its_success_after(Database db)
            throws Exception {
        AtomicReference<ReportTask> told = new AtomicReference<>();

        CompletableFuture<ReportTask> end = submittedAndStarted(db, true, told);
        int seenWhileRunning = rows(db, "report_tasks");
        ReportTask toldWhileRunning = onceTold(told);
        // Told once the submission was committed, just before the progress write: STARTED or already PROGRESS.
        ReportTask inProgress = await(toldWhileRunning.id(), t -> t.state() == ReportState.PROGRESS);
        gate.countDown();
        ReportTask done = end.get(10, TimeUnit.SECONDS);

        assertThat(seenWhileRunning).isEqualTo(1);
        assertThat(toldWhileRunning.state().terminal())
                .as("the submitter told of the task, as stored, before it ended")
                .isFalse();
        assertThat(inProgress.progress().status()).contains("yarısı hazır");
        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(fixture.tasks.attempts(done.id())).singleElement().satisfies(a -> assertThat(a.outcome())
                .contains("SUCCESS"));
    }

    @Test
    void a_report_running_past_the_quick_window_has_its_submission_committed_and_is_supervised(Database db)
            throws Exception {
        AtomicReference<ReportTask> told = new AtomicReference<>();

        CompletableFuture<ReportTask> end = submittedAndStarted(db, false, told);
        ReportTask toldWhileRunning = onceTold(told);
        // Past the first heartbeat (0.5 s with these settings): the supervision beats for the committed claim.
        ReportTask beaten = await(toldWhileRunning.id(), t -> t.leaseUntil()
                .orElseThrow()
                .isAfter(toldWhileRunning.leaseUntil().orElseThrow()));
        gate.countDown();
        ReportTask done = end.get(10, TimeUnit.SECONDS);

        assertThat(toldWhileRunning.state()).isEqualTo(ReportState.STARTED);
        assertThat(beaten.state()).isEqualTo(ReportState.STARTED);
        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
    }

    @Test
    void a_held_submission_that_cannot_be_written_loses_nothing_and_its_submitter_gets_the_error(Database db)
            throws Exception {
        directWindow = Duration.ofSeconds(30); // the test's look inside the window may take longer than 250 ms
        AtomicReference<ReportTask> told = new AtomicReference<>();

        CompletableFuture<ReportTask> end = submittedAndStarted(db, false, told);
        // PostgreSQL refuses the insert while the report runs: a constraint the task breaks.
        db.dsl().execute("ALTER TABLE report_tasks ADD CONSTRAINT held_refused CHECK (requested_by <> 'u1') NOT VALID");
        gate.countDown();

        assertThatThrownBy(() -> end.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DataAccessException.class)
                .hasStackTraceContaining("held_refused");
        assertThat(told.get()).as("the submitter told of a task").isNull();
        assertThat(rows(db, "report_tasks")).isZero();
        assertThat(rows(db, "report_task_attempts")).isZero();
        // The slot serves the next one once PostgreSQL takes it.
        db.dsl().execute("ALTER TABLE report_tasks DROP CONSTRAINT held_refused");
        awaitWaitingSlot(workers);
        AtomicReference<ReportTask> next = new AtomicReference<>();
        CompletableFuture<ReportTask> again = submitAndAwait(service, false, next, db);
        assertThat(again.get(10, TimeUnit.SECONDS).state()).isEqualTo(ReportState.SUCCESS);
    }

    @Test
    void a_quick_reports_row_is_inserted_as_it_ended_and_never_updated(Database db) throws Exception {
        ReportQueueService service = serviceWithWaitingSlot(db, ReportQueueFixture.fast());
        gate.countDown();

        ReportTask done = service.submitAndAwait(gatedRequest(false), Duration.ofSeconds(10), s -> {});

        // PostgreSQL's counts of the table's row writes, once the writing connection has reported them.
        Instant deadline = Instant.now().plusSeconds(10);
        Record writes;
        do {
            Thread.sleep(50);
            db.dsl().execute("SELECT pg_stat_clear_snapshot()");
            writes = db.dsl()
                    .fetchSingle("SELECT n_tup_ins, n_tup_upd FROM pg_stat_user_tables WHERE relname = 'report_tasks'");
        } while (writes.get(0, Long.class) == 0 && Instant.now().isBefore(deadline));
        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(writes.get(0, Long.class)).as("rows inserted").isEqualTo(1);
        assertThat(writes.get(1, Long.class)).as("rows updated").isZero();
        ReportTask stored = fixture.tasks.find(done.id()).orElseThrow();
        assertThat(stored).isEqualTo(done);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.workerId()).contains("node-a-1");
        assertThat(stored.leaseUntil()).isEmpty();
        assertThat(stored.progress().status()).contains("Rapor hazır");
        assertThat(stored.startedAt().orElseThrow())
                .isBetween(stored.createdAt(), stored.finishedAt().orElseThrow());
        assertThat(fixture.tasks.attempts(done.id())).singleElement().satisfies(a -> {
            assertThat(a.outcome()).contains("SUCCESS");
            assertThat(a.finishedAt()).isEqualTo(stored.finishedAt());
        });
    }

    /**
     * The same keyed request sent again while the first, held, runs (its row not written yet): the second is written
     * and queued; the held one, finding its key taken when written, writes nothing, and its submitter gets the task
     * the key names, run to its end. {@code progress}: the held run writes progress at its end (the insert before it
     * finds the key taken, and the run stops there); otherwise the insert of its SUCCESS does.
     */
    private void aKeyUsedWhileHeld(Database db, boolean progress) throws Exception {
        directWindow = Duration.ofSeconds(30); // the test's look inside the window may take longer than 250 ms
        ReportQueueService service = serviceWithWaitingSlot(db, ReportQueueFixture.fast());
        var keyed = new ReportQueueService.SubmitRequest(
                "gated", progress ? Map.of("lateProgress", true) : Map.of(), "u1", Optional.of("ekstre-kasim"));
        AtomicReference<ReportQueueService.Submission> told = new AtomicReference<>();
        CompletableFuture<ReportTask> end = CompletableFuture.supplyAsync(() -> {
            try {
                return service.submitAndAwait(keyed, Duration.ofSeconds(30), told::set);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS))
                .as("the held report started")
                .isTrue();

        ReportQueueService.Submission second =
                fixture.serviceWith(LocalSlots.NONE, events).submit(keyed);
        gate.countDown();
        ReportTask ended = end.get(20, TimeUnit.SECONDS);

        assertThat(second.created()).isTrue();
        assertThat(told.get().created())
                .as("the held submission answered as a repeat")
                .isFalse();
        assertThat(told.get().task().id()).isEqualTo(second.task().id());
        assertThat(ended.id()).isEqualTo(second.task().id());
        assertThat(ended.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(rows(db, "report_tasks")).isEqualTo(1);
        assertThat(fixture.tasks.attempts(second.task().id())).singleElement().satisfies(a -> assertThat(a.outcome())
                .contains("SUCCESS"));
    }

    @Test
    void a_held_report_whose_key_is_used_before_its_success_is_written_answers_with_the_task_the_key_names(Database db)
            throws Exception {
        aKeyUsedWhileHeld(db, false);
    }

    @Test
    void a_held_report_whose_key_is_used_before_its_progress_is_written_stops_and_answers_with_that_task(Database db)
            throws Exception {
        aKeyUsedWhileHeld(db, true);
    }

    @Test
    void a_submission_over_the_rate_holds_nothing_and_leaves_the_slot_free(Database db) throws Exception {
        ReportQueueService service = serviceWithWaitingSlot(db, ReportQueueFixture.limited(1, 10_000));
        gate.countDown();
        ReportTask first = service.submitAndAwait(gatedRequest(false), Duration.ofSeconds(10), s -> {});
        awaitWaitingSlot(workers);

        assertThatThrownBy(() -> service.submitAndAwait(gatedRequest(false), Duration.ofSeconds(10), s -> {}))
                .isInstanceOf(ReportQueueException.RateLimited.class);

        awaitWaitingSlot(workers); // given back: it would fail after 10 s if the refusal kept it
        assertThat(first.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(rows(db, "report_tasks")).isEqualTo(1);
    }
}
