package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobRunExecutor;
import com.aliaport.ops.jobrun.JobRunListener;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.jobrun.db.PgRunGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real clustered Quartz in the test's JVM, node {@code node-a}, running one job on the test's database. */
final class InProcessCluster {
    private InProcessCluster() {}

    static QuartzCluster of(Database db, JobDefinition job, Duration misfireGrace) {
        return of(db, job, misfireGrace, Duration.ofSeconds(1));
    }

    /** With Quartz's idle wait, which is also how far ahead of a fire time Quartz acquires it. */
    static QuartzCluster of(Database db, JobDefinition job, Duration misfireGrace, Duration idleWait) {
        JobRunRepository runs = new JobRunRepository(db.dsl());
        JobRunExecutor executor = new JobRunExecutor(
                runs, new PgRunGuard(db.dataSource()), Clock.systemUTC(), "node-a", JobRunListener.NOOP);
        return new QuartzCluster(
                new QuartzCluster.Settings(
                        "node-a",
                        misfireGrace,
                        Duration.ofSeconds(2),
                        Map.of(WorkerPool.LIGHT, 2, WorkerPool.HEAVY, 1),
                        idleWait),
                db.dataSource(),
                new JobCatalog(List.of(job)),
                runs,
                executor,
                JobRunListener.NOOP,
                Clock.systemUTC());
    }
}
