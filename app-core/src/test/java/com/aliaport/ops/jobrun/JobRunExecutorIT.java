package com.aliaport.ops.jobrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        JobRunExecutor executor = new JobRunExecutor(runs, Clock.systemUTC(), "node-a", JobRunListener.NOOP);

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
    void a_second_delivery_of_the_same_firing_does_not_run(Database db) {
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = new JobRunExecutor(runs, Clock.systemUTC(), "node-a", JobRunListener.NOOP);
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
    void a_failure_is_retrying_when_retries_remain_and_failed_otherwise(Database db) {
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = new JobRunExecutor(runs, Clock.systemUTC(), "node-a", JobRunListener.NOOP);
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
        JobRunExecutor executor = new JobRunExecutor(runs, Clock.systemUTC(), "node-a", JobRunListener.NOOP);
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
        JobRunExecutor executor = new JobRunExecutor(runs, Clock.systemUTC(), "node-a", JobRunListener.NOOP);
        var limits = new JobRunExecutor.Limits(Duration.ofMillis(200), Duration.ofMillis(600));
        CountDownLatch release = new CountDownLatch(1);

        var outcome = executor.execute(
                request("h", limits, true),
                ctx -> {
                    while (true) {
                        try {
                            if (release.await(10, TimeUnit.SECONDS)) {
                                return JobResult.succeeded("released");
                            }
                        } catch (InterruptedException ignoredOnPurpose) {
                            // a stubborn job
                        }
                    }
                },
                () -> false);
        release.countDown();

        assertThat(outcome.status()).isEqualTo(JobRunStatus.TIMED_OUT);
        assertThat(outcome.message()).contains("hard time limit");
        assertThat(runs.find(outcome.runId().orElseThrow()).orElseThrow().status())
                .isEqualTo(JobRunStatus.TIMED_OUT);
    }
}
