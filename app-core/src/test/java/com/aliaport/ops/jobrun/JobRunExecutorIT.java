package com.aliaport.ops.jobrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.db.PgRunGuard;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class JobRunExecutorIT {
    private static final JobRunExecutor.Limits GENEROUS =
            new JobRunExecutor.Limits(Duration.ofSeconds(30), Duration.ofSeconds(60));

    private static JobRunExecutor.Request request(String fireId, JobRunExecutor.Limits limits, boolean retry) {
        return new JobRunExecutor.Request(
                "test_job",
                TriggerKind.SCHEDULED,
                Instant.now(),
                1,
                Optional.ofNullable(fireId),
                Map.of("date", "2026-03-13"),
                limits,
                retry);
    }

    @Test
    void records_a_successful_run_with_its_message_and_progress(Database db) {
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = new JobRunExecutor(
                runs, new PgRunGuard(db.dataSource()), Clock.systemUTC(), "node-a", JobRunListener.NOOP);

        JobRunExecutor.Outcome outcome = executor.execute(
                request("f1", GENEROUS, true),
                ctx -> {
                    ctx.progress(10, 10, "all ten");
                    return JobResult.succeeded("did " + ctx.date().orElseThrow());
                },
                () -> false);

        JobRun run = runs.find(outcome.runId().orElseThrow()).orElseThrow();
        assertThat(run.status()).isEqualTo(JobRunStatus.SUCCEEDED);
        assertThat(run.message()).contains("did 2026-03-13");
        assertThat(run.nodeId()).contains("node-a");
        assertThat(run.progressCurrent()).contains(10L);
        assertThat(run.finishedAt()).isPresent();
    }

    @Test
    void a_start_postgresql_does_not_answer_runs_nothing_records_nothing_and_may_be_tried_again(Database db)
            throws Exception {
        JobRunRepository runs = new JobRunRepository(db.dsl());
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            nowhere.setURL("jdbc:postgresql://127.0.0.1:" + closed.getLocalPort() + "/test");
        }
        nowhere.setConnectTimeout(2);
        AtomicInteger calls = new AtomicInteger();
        JobTask task = ctx -> {
            calls.incrementAndGet();
            return JobResult.succeeded("ran");
        };
        JobRunExecutor.Request request = request("outage-1", GENEROUS, true);

        JobRunExecutor cut =
                new JobRunExecutor(runs, new PgRunGuard(nowhere), Clock.systemUTC(), "node-a", JobRunListener.NOOP);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cut.execute(request, task, () -> false))
                .isInstanceOf(JobNotStartedException.class)
                .hasMessageContaining("test_job: not started");
        assertThat(calls).hasValue(0);
        assertThat(runs.recent(Optional.of("test_job"), 10)).isEmpty();

        // The same start, PostgreSQL answering again: it runs, once.
        JobRunExecutor.Outcome again = new JobRunExecutor(
                        runs, new PgRunGuard(db.dataSource()), Clock.systemUTC(), "node-a", JobRunListener.NOOP)
                .execute(request, task, () -> false);
        assertThat(again.status()).isEqualTo(JobRunStatus.SUCCEEDED);
        assertThat(calls).hasValue(1);
        assertThat(runs.recent(Optional.of("test_job"), 10)).hasSize(1);
    }

    @Test
    void a_second_delivery_of_the_same_firing_does_not_run(Database db) {
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = new JobRunExecutor(
                runs, new PgRunGuard(db.dataSource()), Clock.systemUTC(), "node-a", JobRunListener.NOOP);
        int[] calls = {0};
        JobTask task = ctx -> {
            calls[0]++;
            return JobResult.succeeded("ok");
        };

        executor.execute(request("same", GENEROUS, true), task, () -> false);
        JobRunExecutor.Outcome second = executor.execute(request("same", GENEROUS, true), task, () -> false);

        assertThat(second.duplicate()).isTrue();
        assertThat(calls[0]).isEqualTo(1);
        assertThat(runs.recent(Optional.of("test_job"), 10)).hasSize(1);
    }

    @Test
    void a_fire_time_another_node_already_ran_does_not_run_again(Database db) {
        // A node woken from a pause fires a trigger the cluster already fired elsewhere: other fire id, same time.
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor a = onNode(db, runs, "node-a");
        JobRunExecutor b = onNode(db, runs, "node-b");
        Instant due = Instant.parse("2026-11-30T10:09:22Z");
        int[] calls = {0};
        JobTask task = ctx -> {
            calls[0]++;
            return JobResult.succeeded("tick");
        };

        var first = a.execute(at(due, "node-a_1"), task, () -> false);
        var late = b.execute(at(due, "node-b_7"), task, () -> false);
        var next = b.execute(at(due.plusSeconds(1), "node-b_8"), task, () -> false);

        assertThat(first.status()).isEqualTo(JobRunStatus.SUCCEEDED);
        assertThat(late.duplicate()).isTrue();
        assertThat(next.status()).isEqualTo(JobRunStatus.SUCCEEDED);
        assertThat(calls[0]).isEqualTo(2);
        assertThat(runs.recent(Optional.of("test_job"), 10)).hasSize(2);
    }

    /** A job that ignores the stop request until {@code release} opens (or interrupts it). */
    private static JobTask stubbornUntil(CountDownLatch release) {
        return ctx -> {
            while (true) {
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        return JobResult.succeeded("released");
                    }
                } catch (InterruptedException ignoredOnPurpose) {
                    // a stubborn job
                }
            }
        };
    }

    private static JobRunExecutor.Request at(Instant due, String fireId) {
        return new JobRunExecutor.Request(
                "test_job", TriggerKind.SCHEDULED, due, 1, Optional.of(fireId), Map.of(), GENEROUS, false);
    }

    @Test
    void a_failure_is_retrying_when_retries_remain_and_failed_otherwise(Database db) {
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = new JobRunExecutor(
                runs, new PgRunGuard(db.dataSource()), Clock.systemUTC(), "node-a", JobRunListener.NOOP);
        JobTask failing = ctx -> {
            throw new IllegalStateException("TCMB answered 500");
        };

        var retrying = executor.execute(request("a", GENEROUS, true), failing, () -> false);
        var failed = executor.execute(request("b", GENEROUS, false), failing, () -> false);

        assertThat(retrying.status()).isEqualTo(JobRunStatus.RETRYING);
        assertThat(failed.status()).isEqualTo(JobRunStatus.FAILED);
        JobRun row = runs.find(failed.runId().orElseThrow()).orElseThrow();
        assertThat(row.message()).contains("TCMB answered 500");
        assertThat(row.error()).get().asString().contains("IllegalStateException");
    }

    @Test
    void a_job_past_its_soft_limit_is_asked_to_stop_and_recorded_timed_out(Database db) {
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = new JobRunExecutor(
                runs, new PgRunGuard(db.dataSource()), Clock.systemUTC(), "node-a", JobRunListener.NOOP);
        var limits = new JobRunExecutor.Limits(Duration.ofMillis(300), Duration.ofSeconds(10));

        var outcome = executor.execute(
                request("s", limits, true),
                ctx -> {
                    while (!ctx.stopRequested()) {
                        Thread.onSpinWait();
                    }
                    return JobResult.succeeded("stopped early");
                },
                () -> false);

        assertThat(outcome.status()).isEqualTo(JobRunStatus.TIMED_OUT);
        assertThat(outcome.message()).contains("soft time limit");
    }

    @Test
    void a_job_that_ignores_the_stop_is_abandoned_at_the_hard_limit(Database db) throws Exception {
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = new JobRunExecutor(
                runs, new PgRunGuard(db.dataSource()), Clock.systemUTC(), "node-a", JobRunListener.NOOP);
        var limits = new JobRunExecutor.Limits(Duration.ofMillis(200), Duration.ofMillis(600));
        CountDownLatch release = new CountDownLatch(1);

        var outcome = executor.execute(request("h", limits, true), stubbornUntil(release), () -> false);
        release.countDown();

        assertThat(outcome.status()).isEqualTo(JobRunStatus.TIMED_OUT);
        assertThat(outcome.message()).contains("hard time limit");
        assertThat(runs.find(outcome.runId().orElseThrow()).orElseThrow().status())
                .isEqualTo(JobRunStatus.TIMED_OUT);
    }

    private static JobRunExecutor.Request manual(JobRunExecutor.Limits limits) {
        return new JobRunExecutor.Request(
                "test_job", TriggerKind.MANUAL, Instant.now(), 1, Optional.empty(), Map.of(), limits, false);
    }

    private static JobRunExecutor onNode(Database db, JobRunRepository runs, String node) {
        return new JobRunExecutor(runs, new PgRunGuard(db.dataSource()), Clock.systemUTC(), node, JobRunListener.NOOP);
    }

    private static JobRun awaitRunning(JobRunRepository runs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<JobRun> running = runs.runningOf("test_job");
            if (running.isPresent()) {
                return running.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no RUNNING row of test_job within 10 s");
    }

    @Test
    void a_start_while_another_run_of_the_job_is_under_way_is_recorded_skipped_and_never_runs(Database db)
            throws Exception {
        // GIVEN a run of the job under way on node-a
        JobRunRepository runs = new JobRunRepository(db.dsl());
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger bodies = new AtomicInteger();
        JobTask waits = ctx -> {
            bodies.incrementAndGet();
            finish.await(20, TimeUnit.SECONDS);
            return JobResult.succeeded("done");
        };
        var first = CompletableFuture.supplyAsync(
                () -> onNode(db, runs, "node-a").execute(request("first", GENEROUS, true), waits, () -> false));
        JobRun running = awaitRunning(runs);

        // WHEN node-b starts the same job by hand, and node-a fires it again
        var secondOnB = onNode(db, runs, "node-b").execute(manual(GENEROUS), waits, () -> false);
        var thirdOnA = onNode(db, runs, "node-a").execute(request("third", GENEROUS, true), waits, () -> false);

        // THEN both are SKIPPED rows naming the run under way, and neither body ran
        assertThat(secondOnB.status()).isEqualTo(JobRunStatus.SKIPPED);
        assertThat(thirdOnA.status()).isEqualTo(JobRunStatus.SKIPPED);
        JobRun skipped = runs.find(secondOnB.runId().orElseThrow()).orElseThrow();
        assertThat(skipped.status()).isEqualTo(JobRunStatus.SKIPPED);
        assertThat(skipped.triggerKind()).isEqualTo(TriggerKind.MANUAL);
        assertThat(skipped.nodeId()).contains("node-b");
        assertThat(skipped.finishedAt()).isPresent();
        assertThat(skipped.message())
                .get()
                .asString()
                .contains("not started: run " + running.id() + " of test_job is still running on node-a");
        assertThat(bodies.get()).isEqualTo(1);

        // and once the first run ends, the job starts again
        finish.countDown();
        assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(JobRunStatus.SUCCEEDED);
        var after =
                onNode(db, runs, "node-b").execute(manual(GENEROUS), ctx -> JobResult.succeeded("again"), () -> false);
        assertThat(after.status()).isEqualTo(JobRunStatus.SUCCEEDED);
    }

    @Test
    void a_run_abandoned_at_its_hard_limit_keeps_the_job_guarded_until_its_thread_ends(Database db) throws Exception {
        // GIVEN a run that ignores the stop request and is abandoned at its hard limit
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = onNode(db, runs, "node-a");
        var limits = new JobRunExecutor.Limits(Duration.ofMillis(200), Duration.ofMillis(600));
        CountDownLatch release = new CountDownLatch(1);
        var abandoned = executor.execute(request("stubborn", limits, true), stubbornUntil(release), () -> false);
        assertThat(abandoned.status()).isEqualTo(JobRunStatus.TIMED_OUT);
        assertThat(abandoned.abandoned()).isTrue();

        // WHEN the job is started again while that thread still works
        AtomicInteger bodies = new AtomicInteger();
        JobTask counts = ctx -> {
            bodies.incrementAndGet();
            return JobResult.succeeded("ran");
        };
        var meanwhile = executor.execute(manual(GENEROUS), counts, () -> false);

        // THEN it is refused, and it starts only once the abandoned thread has ended
        assertThat(meanwhile.status()).isEqualTo(JobRunStatus.SKIPPED);
        assertThat(meanwhile.message()).contains("still working (abandoned at its hard time limit");
        assertThat(bodies.get()).isZero();
        release.countDown();
        JobRunExecutor.Outcome later = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            later = executor.execute(manual(GENEROUS), counts, () -> false);
            if (later.status() != JobRunStatus.SKIPPED) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(later.status()).isEqualTo(JobRunStatus.SUCCEEDED);
        assertThat(bodies.get()).isEqualTo(1);
    }

    @Test
    void a_running_row_left_by_a_dead_process_does_not_block_the_job_and_is_closed_by_the_next_run(
            Database db, ConnectionSettings settings) throws Exception {
        // GIVEN a process that took the job's guard on its own connection and recorded a RUNNING row, then died
        JobRunRepository runs = new JobRunRepository(db.dsl());
        try (Database other = Database.connect(settings, "dead-process", 2)) {
            RunGuard.Held held =
                    new PgRunGuard(other.dataSource()).tryAcquire("test_job").orElseThrow();
            long orphan = runs.start(new JobRunRepository.NewRun(
                            "test_job",
                            TriggerKind.SCHEDULED,
                            Instant.now(),
                            Instant.now(),
                            1,
                            "node-dead",
                            Optional.empty(),
                            Map.of()))
                    .orElseThrow();
            assertThat(onNode(db, runs, "node-a")
                            .execute(manual(GENEROUS), ctx -> JobResult.succeeded("x"), () -> false)
                            .status())
                    .as("refused while the dead process's session still holds the guard")
                    .isEqualTo(JobRunStatus.SKIPPED);
            // its session ends as a killed process's does (the server sees the socket close)
            Object ended = db.dsl()
                    .fetchValue("select count(pg_terminate_backend(pid)) from pg_locks where locktype = 'advisory'"
                            + " and database = (select oid from pg_database where datname = current_database())"
                            + " and pid <> pg_backend_pid()");
            assertThat(((Number) ended).intValue()).isEqualTo(1);
            Thread.sleep(200);

            // WHEN the job starts again
            var next = onNode(db, runs, "node-a")
                    .execute(manual(GENEROUS), ctx -> JobResult.succeeded("ran"), () -> false);

            // THEN it runs, and the dead process's row is closed as FAILED
            assertThat(next.status()).isEqualTo(JobRunStatus.SUCCEEDED);
            JobRun closed = runs.find(orphan).orElseThrow();
            assertThat(closed.status()).isEqualTo(JobRunStatus.FAILED);
            assertThat(closed.error())
                    .get()
                    .asString()
                    .contains("its process ended without recording an end; closed by run "
                            + next.runId().orElseThrow() + " on node-a");
            held.release(); // its connection is closed already: a no-op, logged
        }
    }
}
