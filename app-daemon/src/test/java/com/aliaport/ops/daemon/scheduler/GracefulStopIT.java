package com.aliaport.ops.daemon.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobResult;
import com.aliaport.ops.jobrun.JobRunExecutor;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A graceful stop that comes while Quartz is firing a trigger, on a real clustered Quartz in this JVM: after
 * {@code standby()} Quartz still fires what is due within a few tens of milliseconds, and the stop lets that fire
 * run instead of leaving it claimed in the store for a recovery run, late, on the next start.
 */
@ExtendWith(PostgresExtension.class)
class GracefulStopIT {

    private static QuartzCluster cluster(Database db) {
        JobDefinition everyTwoSeconds = new JobDefinition(
                "tick_job",
                "fires every two seconds",
                Optional.of("0/2 * * * * ?"),
                WorkerPool.LIGHT,
                0,
                Duration.ofSeconds(1),
                new JobRunExecutor.Limits(Duration.ofSeconds(10), Duration.ofSeconds(20)),
                ctx -> JobResult.succeeded("tick"),
                false);
        // Quartz acquires a fire time up to its idle wait ahead; a wait longer than the period makes it acquire the
        // next fire as soon as the last one ran, so the stop below always comes while the fire is held. (With a
        // shorter wait the stop could come before Quartz acquired it: then the fire is not this node's to run, and
        // stays in the store for the next start or another node.)
        return InProcessCluster.of(db, everyTwoSeconds, Duration.ofSeconds(5), Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "stop {0} ms before the fire time")
    @ValueSource(ints = {40, 20, 5})
    void a_stop_just_before_a_fire_time_lets_that_fire_run_before_it_returns(int msBefore, Database db) {
        QuartzCluster cluster = cluster(db);
        cluster.register();
        cluster.start();
        // GIVEN a fire time a few seconds away, the cluster settled and holding it
        Instant due = Instant.ofEpochSecond((Instant.now().getEpochSecond() / 2) * 2 + 4);
        Instant stopAt = due.minusMillis(msBefore);
        while (!held(db, due) && Instant.now().isBefore(stopAt)) {
            DaemonNode.sleep(20);
        }
        assertThat(held(db, due))
                .as("node-a holds the fire time %s before the stop", due)
                .isTrue();
        DaemonNode.sleep(Math.max(0, Duration.between(Instant.now(), stopAt).toMillis()));

        // WHEN the node is stopped that many milliseconds before it
        cluster.shutdown(Duration.ofSeconds(10));

        // THEN the fire ran and was recorded before the stop returned, and the store holds nothing of this node's
        List<String> runs = db.dsl()
                .fetch("SELECT scheduled_at, status FROM job_runs WHERE job_id = 'tick_job' ORDER BY id")
                .map(r -> r.get(0, java.time.OffsetDateTime.class).toInstant() + " " + r.get(1));
        assertThat(runs).as("runs recorded before the stop returned").contains(due + " SUCCEEDED");
        Number left =
                (Number) db.dsl().fetchValue("SELECT count(*) FROM qrtz_fired_triggers WHERE instance_name = 'node-a'");
        assertThat(left.longValue())
                .as("fire times of this node left in the store")
                .isZero();
        assertThat(Instant.now()).isAfter(due);
    }

    /** Whether Quartz on node-a has acquired (or is firing) the fire time {@code due}. */
    private static boolean held(Database db, Instant due) {
        return db.dsl()
                .fetchExists(db.dsl()
                        .selectOne()
                        .from("qrtz_fired_triggers")
                        .where("instance_name = 'node-a' AND sched_time = ?", due.toEpochMilli()));
    }
}
