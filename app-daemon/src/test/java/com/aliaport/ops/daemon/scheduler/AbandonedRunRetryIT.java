package com.aliaport.ops.daemon.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobResult;
import com.aliaport.ops.jobrun.JobRunExecutor;
import com.aliaport.ops.jobrun.JobTask;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The retry a timed-out run earns, on a real clustered Quartz in this JVM: none while its thread may still run. */
@ExtendWith(PostgresExtension.class)
class AbandonedRunRetryIT {

    private static JobDefinition job(JobTask task) {
        return new JobDefinition(
                "stubborn_job",
                "ignores stop requests",
                Optional.empty(),
                WorkerPool.LIGHT,
                2,
                Duration.ofSeconds(1),
                new JobRunExecutor.Limits(Duration.ofMillis(300), Duration.ofMillis(800)),
                task,
                false);
    }

    private static List<Record> runs(Database db) {
        return db.dsl().fetch("SELECT * FROM job_runs WHERE job_id = 'stubborn_job' ORDER BY id");
    }

    @Test
    void a_scheduled_run_abandoned_at_its_hard_limit_gets_no_retry_while_its_thread_may_still_run(Database db) {
        CountDownLatch release = new CountDownLatch(1);
        JobTask stubborn = ctx -> {
            while (true) {
                try {
                    if (release.await(30, TimeUnit.SECONDS)) {
                        return JobResult.succeeded("released");
                    }
                } catch (InterruptedException ignoredOnPurpose) {
                    // ignores the stop request and the interrupt
                }
            }
        };
        try (QuartzCluster cluster = InProcessCluster.of(db, job(stubborn), Duration.ofMinutes(5))) {
            cluster.register();
            cluster.start();

            // GIVEN a scheduled run (2 retries, 1 s backoff) whose body ignores every stop request
            cluster.schedule("stubborn_job", Instant.now(), 1);
            List<Record> rows = Await.until(
                    Duration.ofSeconds(20),
                    () -> runs(db),
                    r -> r.stream().anyMatch(x -> "TIMED_OUT".equals(x.get("status"))),
                    "the run abandoned at its hard limit");
            assertThat((String) rows.getFirst().get("message")).contains("abandoned at the hard time limit");

            // WHEN the backoff before a retry passes several times over, the abandoned thread still working
            DaemonNode.sleep(5_000);

            // THEN no retry was scheduled: the one row is all there is
            assertThat(runs(db)).hasSize(1);
            assertThat(runs(db).getFirst().get("trigger_kind")).isEqualTo("SCHEDULED");
        } finally {
            release.countDown();
        }
    }
}
