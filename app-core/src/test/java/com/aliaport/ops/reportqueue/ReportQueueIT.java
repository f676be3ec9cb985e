package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.reportqueue.db.ReportTaskEnds;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TcpProxy;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import com.aliaport.ops.testsupport.reports.TestReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

@ExtendWith(PostgresExtension.class)
class ReportQueueIT extends QueueFixtureTest {
    private ReportQueueFixture fixture(Database db, ReportQueueSettings settings) {
        fixture = ReportQueueFixture.inFolder(
                db,
                settings,
                dir,
                List.of(
                        TestReports.xlsx("barinma"),
                        TestReports.flaky("flaky"),
                        TestReports.hanging("hanging"),
                        TestReports.xlsx("kur-arsiv")));
        return fixture;
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new java.util.HashMap<>(MARCH);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private ReportTask submit(String type, Map<String, Object> params) {
        return fixture.service
                .submit(new ReportQueueService.SubmitRequest(type, params, "u1", Optional.empty()))
                .task();
    }

    private List<Path> reportFiles() throws IOException {
        Path root = dir.resolve("files/reports");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void a_submitted_report_runs_to_success_with_one_xlsx_file_under_the_task_key(Database db) throws IOException {
        fixture(db, ReportQueueFixture.fast());
        fixture.startWorkers("node-a", 2);

        ReportTask task = submit("barinma", params("rows", 20));
        ReportTask done = await(task.id(), t -> t.state().terminal(), Duration.ofSeconds(20));

        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(done.storageKey())
                .get()
                .asString()
                .matches("reports/barinma/u1/\\d{8}_\\d{6}_" + task.id() + "\\.xlsx");
        assertThat(done.progress().current()).isEqualTo(20);
        assertThat(done.attempts()).isEqualTo(1);
        List<Path> files = reportFiles();
        assertThat(files).hasSize(1);
        byte[] head = Arrays.copyOf(Files.readAllBytes(files.get(0)), 2);
        assertThat(new String(head)).isEqualTo("PK");
        assertThat(done.sizeBytes()).contains(Files.size(files.get(0)));
    }

    @Test
    void task_ids_are_time_ordered_and_carry_the_millisecond_their_task_was_stored_with(Database db)
            throws InterruptedException {
        fixture(db, ReportQueueFixture.fast()); // no workers: the tasks stay as submitted

        List<ReportTask> submitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            submitted.add(submit("barinma", params("rows", 1)));
            Thread.sleep(3); // a new millisecond for each
        }

        List<UUID> stored = new ArrayList<>();
        for (ReportTask t : submitted) {
            ReportTask row = fixture.tasks.find(t.id()).orElseThrow();
            assertThat(row.id().version()).isEqualTo(7);
            assertThat(row.id().variant()).isEqualTo(2);
            assertThat(row.id().getMostSignificantBits() >>> 16)
                    .isEqualTo(row.createdAt().toEpochMilli());
            stored.add(row.id());
        }
        // PostgreSQL orders uuids by their bytes: the creation order, as the primary key's index keeps them.
        List<UUID> byKey = db.dsl()
                .select(DSL.field("id", UUID.class))
                .from("report_tasks")
                .orderBy(DSL.field("id"))
                .fetch(0, UUID.class);
        assertThat(byKey).containsExactlyElementsOf(stored);
    }

    @Test
    void tasks_are_routed_to_their_queue_and_both_queues_are_served(Database db) {
        fixture(db, ReportQueueFixture.fast().withRouting(Map.of("kur-arsiv", ReportQueueSettings.BACKGROUND)));
        fixture.startWorkers("node-a", 1);

        ReportTask report = submit("barinma", params());
        ReportTask background = submit("kur-arsiv", params());

        assertThat(report.queue()).isEqualTo("reports");
        assertThat(background.queue()).isEqualTo("background");
        assertThat(await(report.id(), t -> t.state().terminal(), Duration.ofSeconds(20))
                        .state())
                .isEqualTo(ReportState.SUCCESS);
        assertThat(await(background.id(), t -> t.state().terminal(), Duration.ofSeconds(20))
                        .state())
                .isEqualTo(ReportState.SUCCESS);
    }

    @Test
    void tasks_pending_when_redis_is_wiped_all_complete(Database db) throws IOException {
        fixture(db, ReportQueueFixture.fast());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(submit("barinma", params("key", "k" + i)).id());
        }
        assertThat(fixture.queue.length("reports")).isEqualTo(30);

        fixture.flushRedis();
        assertThat(fixture.queue.length("reports")).isZero();
        fixture.reconciler.start();
        fixture.startWorkers("node-a", 2);

        for (UUID id : ids) {
            assertThat(await(id, t -> t.state().terminal(), Duration.ofSeconds(60))
                            .state())
                    .isEqualTo(ReportState.SUCCESS);
        }
        assertThat(reportFiles()).hasSize(30);
    }

    @Test
    void unreadable_messages_on_the_stream_are_dropped_and_the_task_behind_them_still_runs(Database db)
            throws InterruptedException {
        fixture(db, ReportQueueFixture.fast());
        String stream = fixture.prefix + "reports";
        // No node writes these: text that is not JSON, and JSON whose task id is an object. Left in the stream, a
        // slot would read them again after every restart.
        fixture.redis.xadd(stream, redis.clients.jedis.StreamEntryID.NEW_ENTRY, Map.of("task", "{not json"));
        fixture.redis.xadd(
                stream, redis.clients.jedis.StreamEntryID.NEW_ENTRY, Map.of("task", "{\"task_id\": {\"id\": 1}}"));
        UUID id = submit("barinma", params()).id();
        assertThat(fixture.queue.length("reports")).isEqualTo(3);

        fixture.startWorkers("node-a", 1);

        assertThat(await(id, t -> t.state().terminal()).state()).isEqualTo(ReportState.SUCCESS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fixture.redis.xlen(stream) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fixture.redis.xlen(stream)).as("messages left in the stream").isZero();
    }

    @Test
    void a_wiped_redis_is_refilled_in_the_next_pass_not_task_by_task_at_each_recheck(Database db) {
        fixture(db, ReportQueueFixture.fast());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(submit("barinma", params("key", "w" + i)).id());
        }
        // Just handed over: an ordinary pass leaves them to Redis until their recheck, 10 s on.
        assertThat(fixture.reconciler.reconcileOnce().handedOver()).isZero();

        fixture.flushRedis();
        ReportReconciler.Pass refill = fixture.reconciler.reconcileOnce();

        assertThat(refill.handedOver()).isEqualTo(30);
        assertThat(fixture.queue.queued("reports", ids)).containsExactlyInAnyOrderElementsOf(ids);
        // Found empty once: the next pass is an ordinary one again.
        assertThat(fixture.reconciler.reconcileOnce().handedOver()).isZero();
        assertThat(fixture.queue.length("reports")).isEqualTo(30);
    }

    @Test
    void a_reconciler_pass_resolves_the_lease_that_ran_out_and_leaves_the_running_one(Database db) {
        fixture(db, ReportQueueFixture.fast());
        ReportTaskRepository tasks = fixture.tasks;
        ReportTask live = submit("barinma", params("key", "live"));
        ReportTask lost = submit("barinma", params("key", "lost"));
        Instant t0 = Instant.now();
        tasks.claim(live.id(), "live-worker", t0, t0.plusSeconds(60)).orElseThrow();
        assertThat(tasks.upkeep().anyLeaseExpired(Instant.now()))
                .as("a running lease and a pending task")
                .isFalse();
        assertThat(fixture.reconciler.reconcileOnce().leasesExpired()).isZero();

        // A claim whose worker died: its lease ran out 5 s ago.
        tasks.claim(lost.id(), "dead-worker", t0.minusSeconds(10), t0.minusSeconds(5))
                .orElseThrow();
        assertThat(tasks.upkeep().anyLeaseExpired(Instant.now())).isTrue();

        assertThat(fixture.reconciler.reconcileOnce().leasesExpired()).isEqualTo(1);
        assertThat(tasks.find(lost.id()).orElseThrow().state()).isEqualTo(ReportState.PENDING);
        assertThat(tasks.find(live.id()).orElseThrow().state()).isEqualTo(ReportState.STARTED);
        assertThat(tasks.upkeep().anyLeaseExpired(Instant.now())).isFalse();
    }

    @Test
    void a_reconciler_pass_skips_a_task_whose_row_a_claim_holds_instead_of_waiting_for_it(Database db)
            throws Exception {
        fixture(db, ReportQueueFixture.fast());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit("barinma", params("key", "lock" + i)).id());
        }
        fixture.flushRedis();
        // A claim in flight: its transaction holds the row (a claim of several rows deadlocked with a pass that
        // waited here).
        try (Connection claim = db.dataSource().getConnection();
                var lock = claim.prepareStatement("SELECT 1 FROM report_tasks WHERE id = ? FOR UPDATE")) {
            claim.setAutoCommit(false);
            lock.setObject(1, ids.get(0));
            lock.execute();

            var pass = CompletableFuture.supplyAsync(fixture.reconciler::reconcileOnce);

            assertThat(pass.get(5, TimeUnit.SECONDS).handedOver()).isEqualTo(5);
            claim.rollback();
        }
        assertThat(fixture.queue.queued("reports", ids)).containsExactlyInAnyOrderElementsOf(ids);
        // Those it could mark wait for their recheck; the one it skipped is checked again in the next pass.
        List<UUID> marked = db.dsl()
                .fetch("SELECT id FROM report_tasks WHERE enqueued_at IS NOT NULL")
                .getValues(0, UUID.class);
        assertThat(marked).containsExactlyInAnyOrderElementsOf(ids.subList(1, 5));
    }

    @Test
    void a_failure_that_can_pass_is_retried_with_backoff_and_then_succeeds(Database db) {
        fixture(db, ReportQueueFixture.fast());
        fixture.reconciler.start();
        fixture.startWorkers("node-a", 1);

        ReportTask task = submit("flaky", params("fail_times", 2, "key", "retry-me"));
        ReportTask done = await(task.id(), t -> t.state().terminal(), Duration.ofSeconds(30));

        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(done.attempts()).isEqualTo(3);
        List<ReportTaskRepository.Attempt> attempts = fixture.tasks.attempts(task.id());
        assertThat(attempts).extracting(a -> a.outcome().orElse("?")).containsExactly("RETRY", "RETRY", "SUCCESS");
        assertThat(attempts.get(0).error()).get().asString().contains("connection reset");
        // Backoff doubles: 0.2 s after the first failure, 0.4 s after the second.
        Duration gap1 = Duration.between(
                attempts.get(0).finishedAt().orElseThrow(), attempts.get(1).startedAt());
        Duration gap2 = Duration.between(
                attempts.get(1).finishedAt().orElseThrow(), attempts.get(2).startedAt());
        assertThat(gap1).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(gap2).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void a_task_failing_every_attempt_is_dead_lettered_and_an_operator_can_requeue_it(Database db) {
        fixture(db, ReportQueueFixture.fast());
        fixture.reconciler.start();
        fixture.startWorkers("node-a", 1);

        ReportTask task = submit("flaky", params("fail_times", 4, "key", "doomed"));
        ReportTask dead = await(task.id(), t -> t.state().terminal(), Duration.ofSeconds(30));

        assertThat(dead.state()).isEqualTo(ReportState.FAILURE);
        assertThat(dead.deadLettered()).isTrue();
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(dead.error()).get().asString().contains("connection reset");
        // the requester sees a code and a fixed message, never the exception text
        assertThat(dead.publicError()).get().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ReportErrorCode.INTERNAL);
            assertThat(e.message()).doesNotContain("connection reset");
        });
        assertThat(fixture.service.deadLetters(10)).extracting(ReportTask::id).containsExactly(task.id());

        // The flaky builder has failed this key 4 times: the fifth attempt passes.
        fixture.service.requeue(task.id());
        ReportTask again = await(task.id(), t -> t.state().terminal(), Duration.ofSeconds(30));
        assertThat(again.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(again.deadLettered()).isFalse();
        assertThat(fixture.service.deadLetters(10)).isEmpty();
    }

    @Test
    void a_cancelled_pending_task_never_runs(Database db) throws IOException {
        fixture(db, ReportQueueFixture.fast());
        ReportTask task = submit("barinma", params());

        ReportTask cancelled = fixture.service.cancel(task.id());
        fixture.startWorkers("node-a", 1);
        sleep(1_500);

        assertThat(cancelled.state()).isEqualTo(ReportState.CANCELLED);
        assertThat(fixture.tasks.find(task.id()).orElseThrow().attempts()).isZero();
        assertThat(fixture.queue.length("reports")).isZero();
        assertThat(reportFiles()).isEmpty();
        assertThatThrownBy(() -> fixture.service.cancel(task.id()))
                .isInstanceOf(ReportQueueException.NotCancellable.class);
    }

    @Test
    void a_cancelled_running_report_stops_within_seconds_and_frees_its_slot(Database db) throws IOException {
        fixture(db, ReportQueueFixture.fast());
        fixture.startWorkers("node-a", 1);
        ReportTask slow = submit("barinma", params("rows", 600, "row_ms", 100));
        await(slow.id(), t -> t.state() == ReportState.PROGRESS, Duration.ofSeconds(20));

        Instant asked = Instant.now();
        fixture.service.cancel(slow.id());
        ReportTask cancelled = await(slow.id(), t -> t.state().terminal(), Duration.ofSeconds(10));

        assertThat(cancelled.state()).isEqualTo(ReportState.CANCELLED);
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThat(reportFiles()).isEmpty();
        ReportTask next = submit("barinma", params());
        assertThat(await(next.id(), t -> t.state().terminal(), Duration.ofSeconds(20))
                        .state())
                .isEqualTo(ReportState.SUCCESS);
    }

    @Test
    void a_report_past_its_soft_limit_stops_cleanly_and_fails_with_a_time_out(Database db) {
        fixture(db, ReportQueueFixture.fast(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        fixture.startWorkers("node-a", 1);

        ReportTask slow = submit("barinma", params("rows", 600, "row_ms", 50));
        ReportTask done = await(slow.id(), t -> t.state().terminal(), Duration.ofSeconds(15));

        assertThat(done.state()).isEqualTo(ReportState.FAILURE);
        assertThat(done.error()).get().asString().contains("time-out").contains("soft limit");
        assertThat(done.errorCode()).contains(ReportErrorCode.TIMED_OUT);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(Duration.between(
                        done.startedAt().orElseThrow(), done.finishedAt().orElseThrow()))
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_report_deaf_to_stop_requests_is_abandoned_at_the_hard_limit_and_its_slot_freed(Database db) {
        fixture(db, ReportQueueFixture.fast(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        ReportWorkers workers = fixture.startWorkers("node-a", 1);
        Thread slotThread = workers.slotThread(0);

        ReportTask stuck = submit("hanging", params());
        ReportTask done = await(stuck.id(), t -> t.state().terminal(), Duration.ofSeconds(15));

        assertThat(done.state()).isEqualTo(ReportState.FAILURE);
        assertThat(done.error()).get().asString().contains("time-out").contains("hard limit of 3 s");
        assertThat(done.errorCode()).contains(ReportErrorCode.TIMED_OUT);
        ReportTask next = submit("barinma", params());
        assertThat(await(next.id(), t -> t.state().terminal(), Duration.ofSeconds(20))
                        .state())
                .isEqualTo(ReportState.SUCCESS);
        // The report ran in the slot's own thread, which is still in it: another thread serves the slot.
        assertThat(slotThread.isAlive()).isTrue();
        assertThat(workers.slotThread(0)).isNotSameAs(slotThread);
    }

    @Test
    void a_report_that_outlasts_its_quick_window_is_supervised_apart_and_its_slot_keeps_its_thread(Database db) {
        fixture(db, ReportQueueFixture.fast());
        ReportWorkers workers = fixture.startWorkers("node-a", 1);
        Thread slotThread = workers.slotThread(0);

        // 500 ms: past ReportWorkers.QUICK, so its supervision starts in a thread of its own and records the result.
        ReportTask slow = submit("barinma", params("rows", 10, "row_ms", 50));
        ReportTask done = await(slow.id(), t -> t.state().terminal(), Duration.ofSeconds(15));
        ReportTask quick = submit("barinma", params());
        ReportTask next = await(quick.id(), t -> t.state().terminal(), Duration.ofSeconds(15));

        assertThat(done.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(Duration.between(
                        done.startedAt().orElseThrow(), done.finishedAt().orElseThrow()))
                .isGreaterThan(ReportWorkers.QUICK);
        assertThat(next.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(fixture.tasks.attempts(slow.id())).hasSize(1);
        assertThat(workers.slotThread(0)).isSameAs(slotThread);
    }

    @Test
    void a_worker_that_lost_its_claim_cannot_write_a_late_result(Database db) {
        fixture(db, ReportQueueFixture.fast());
        ReportTaskRepository tasks = fixture.tasks;
        ReportTask task = submit("barinma", params());
        Instant t0 = Instant.now();

        ReportTask first =
                tasks.claim(task.id(), "dead-worker", t0, t0.plusSeconds(1)).orElseThrow();
        tasks.upkeep().expireLeases(t0.plusSeconds(2), 10);
        ReportTask second = tasks.claim(task.id(), "live-worker", t0.plusSeconds(2), t0.plusSeconds(30))
                .orElseThrow();

        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(tasks.heartbeat(task.id(), first.fencingToken(), t0.plusSeconds(60)))
                .isEqualTo(ReportTaskRepository.Heartbeat.LOST);
        assertThat(tasks.progress(task.id(), first.fencingToken(), 5, 10, "geç", t0.plusSeconds(3)))
                .isFalse();
        ReportTaskEnds ends = tasks.ends();
        assertThat(ends.succeed(
                        task.id(), first.fencingToken(), "reports/x.xlsx", 1, t0.plusSeconds(99), t0.plusSeconds(3)))
                .isFalse();
        assertThat(ends.succeed(
                        task.id(), second.fencingToken(), "reports/y.xlsx", 2, t0.plusSeconds(99), t0.plusSeconds(4)))
                .isTrue();
        assertThat(ends.succeed(
                        task.id(), second.fencingToken(), "reports/y.xlsx", 2, t0.plusSeconds(99), t0.plusSeconds(5)))
                .isFalse();
        assertThat(tasks.attempts(task.id()))
                .extracting(a -> a.outcome().orElse("?"))
                .containsExactly("LOST", "SUCCESS");
        assertThat(tasks.find(task.id()).orElseThrow().storageKey()).contains("reports/y.xlsx");
    }

    @Test
    void workers_wait_out_a_postgresql_outage_and_resume(ConnectionSettings settings) throws IOException {
        String hostPort =
                settings.jdbcUrl().replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
        String database = settings.jdbcUrl().substring(settings.jdbcUrl().lastIndexOf('/') + 1);
        try (TcpProxy proxy = new TcpProxy(hostPort.split(":")[0], Integer.parseInt(hostPort.split(":")[1]));
                Database viaProxy = Database.connect(
                        new ConnectionSettings(
                                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database
                                        + "?connectTimeout=2&socketTimeout=10",
                                settings.user(),
                                Optional.empty()),
                        "proxied",
                        8);
                Database direct = Database.connect(settings, "direct", 2)) {
            fixture(viaProxy, ReportQueueFixture.fast());
            fixture.reconciler.start();
            fixture.startWorkers("node-a", 2);
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(submit("barinma", params("rows", 20, "row_ms", 50, "key", "a" + i))
                        .id());
            }
            ReportTaskRepository directly = new ReportTaskRepository(direct.dsl());
            sleep(800);

            proxy.cut();
            sleep(6_000);
            proxy.restore();

            for (UUID id : ids) {
                Instant deadline = Instant.now().plusSeconds(90);
                ReportTask t = directly.find(id).orElseThrow();
                while (!t.state().terminal() && Instant.now().isBefore(deadline)) {
                    sleep(100);
                    t = directly.find(id).orElseThrow();
                }
                assertThat(t.state()).as("task %s", id).isEqualTo(ReportState.SUCCESS);
                assertThat(directly.attempts(id))
                        .filteredOn(a -> a.outcome().equals(Optional.of("SUCCESS")))
                        .hasSize(1);
            }
            assertThat(reportFiles()).hasSize(10);
        }
    }

    @Test
    void progress_and_state_changes_are_announced_on_the_report_progress_channel(
            Database db, ConnectionSettings settings) throws Exception {
        fixture(db, ReportQueueFixture.fast());
        try (Connection listen = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), "")) {
            listen.createStatement().execute("LISTEN report_progress");
            fixture.startWorkers("node-a", 1);
            ReportTask task = submit("barinma", params("rows", 10, "row_ms", 50));
            await(task.id(), t -> t.state().terminal(), Duration.ofSeconds(20));

            List<String> payloads = new ArrayList<>();
            PGNotification[] batch;
            while ((batch = listen.unwrap(PGConnection.class).getNotifications(500)) != null && batch.length > 0) {
                for (PGNotification n : batch) {
                    payloads.add(n.getParameter());
                }
            }
            List<String> states = payloads.stream()
                    .map(p -> com.aliaport.ops.common.Json.read(p, Map.class))
                    .filter(m -> task.id().toString().equals(m.get("id")))
                    .map(m -> String.valueOf(m.get("state")))
                    .toList();
            // Announcements carry the task's current row, so a state passed quickly may be folded into the next.
            assertThat(states).contains("PROGRESS", "SUCCESS").last().isEqualTo("SUCCESS");
            // Bounded rate: 10 rows over ~0.5 s, at most one progress write per 100 ms.
            assertThat(states.stream().filter("PROGRESS"::equals).count()).isBetween(1L, 8L);
        }
    }

    @Test
    void submissions_are_refused_over_the_per_user_rate_and_over_the_backlog(Database db) {
        fixture(db, ReportQueueFixture.limited(3, 5));
        for (int i = 0; i < 3; i++) {
            submit("barinma", params("key", "r" + i));
        }
        assertThatThrownBy(() -> submit("barinma", params()))
                .isInstanceOfSatisfying(
                        ReportQueueException.RateLimited.class,
                        e -> assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));

        fixture.service.submit(new ReportQueueService.SubmitRequest("barinma", params(), "u2", Optional.empty()));
        fixture.service.submit(new ReportQueueService.SubmitRequest("barinma", params(), "u3", Optional.empty()));
        assertThatThrownBy(() -> fixture.service.submit(
                        new ReportQueueService.SubmitRequest("barinma", params(), "u4", Optional.empty())))
                .isInstanceOf(ReportQueueException.BacklogFull.class);
    }

    @Test
    void the_same_idempotency_key_returns_the_same_task_and_other_parameters_are_refused(Database db) {
        fixture(db, ReportQueueFixture.fast());
        var first = fixture.service.submit(
                new ReportQueueService.SubmitRequest("barinma", params(), "u1", Optional.of("k-1")));
        var again = fixture.service.submit(
                new ReportQueueService.SubmitRequest("barinma", params(), "u1", Optional.of("k-1")));
        var otherUser = fixture.service.submit(
                new ReportQueueService.SubmitRequest("barinma", params(), "u2", Optional.of("k-1")));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.task().id()).isEqualTo(first.task().id());
        assertThat(otherUser.task().id()).isNotEqualTo(first.task().id());
        assertThat(fixture.queue.length("reports")).isEqualTo(2);
        assertThatThrownBy(() -> fixture.service.submit(
                        new ReportQueueService.SubmitRequest("barinma", params("rows", 9), "u1", Optional.of("k-1"))))
                .isInstanceOf(ReportQueueException.IdempotencyConflict.class);

        // The fingerprint is kept for keyed requests only: nothing compares one without a key.
        var keyless = fixture.service.submit(
                new ReportQueueService.SubmitRequest("barinma", params(), "u1", Optional.empty()));
        assertThat(db.dsl()
                        .fetchValue(
                                "SELECT request_hash FROM report_tasks WHERE id = ?",
                                first.task().id()))
                .asString()
                .hasSize(64);
        assertThat(db.dsl()
                        .fetchValue(
                                "SELECT request_hash FROM report_tasks WHERE id = ?",
                                keyless.task().id()))
                .isNull();
    }

    @Test
    void bad_parameters_and_unknown_types_are_refused_naming_the_field(Database db) {
        fixture(db, ReportQueueFixture.fast());

        assertThatThrownBy(() -> submit("barinma", Map.of("date_from", "2026-13-01", "date_to", "2026-03-01")))
                .isInstanceOfSatisfying(InvalidReportParameterException.class, e -> assertThat(e.field())
                        .isEqualTo("date_from"));
        assertThatThrownBy(() -> submit("barinma", Map.of("date_from", "2026-03-10", "date_to", "2026-03-01")))
                .isInstanceOfSatisfying(InvalidReportParameterException.class, e -> assertThat(e.field())
                        .isEqualTo("date_to"));
        assertThatThrownBy(() -> submit("nope", MARCH)).isInstanceOf(ReportQueueException.UnknownType.class);
        assertThat(fixture.tasks.openCount()).isZero();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
