package com.aliaport.ops.daemon.ha;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.daemon.testsupport.PrivateRedis;
import com.aliaport.ops.daemon.testsupport.ReportLoad;
import com.aliaport.ops.daemon.testsupport.ReportingDaemon;
import com.aliaport.ops.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Redis loses everything while reports are queued: killed and started empty, then flushed while it runs. A real
 * daemon process finds its transport empty at the reconciler's next pass, hands every pending task over again at
 * once, and each report ends SUCCESS once with one file. The times are printed as {@code [ha] redis …} lines
 * (docs/reliability.md: Redis wipe to queue moving, goal 10 s).
 */
@Tag("ha")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisWipeIT {
    private static final List<String> USERS = List.of("ayse", "mehmet");
    private static final int REPORTS = 60;

    private PrivateRedis redis;
    private ReportingDaemon daemon;
    private Database db;
    private DaemonNode node;
    private final ReportLoad load = ReportLoad.inTempFolder(USERS);
    /** Every report of the class: they share one storage folder, which must hold exactly their files. */
    private final List<UUID> everyReport = new ArrayList<>();

    @BeforeAll
    void a_daemon_on_a_redis_of_its_own() {
        redis = PrivateRedis.start();
        daemon = ReportingDaemon.start(load, redis.url(), "node-wipe");
        node = daemon.node();
        db = daemon.db();
    }

    @AfterAll
    void stop_everything() {
        if (daemon != null) {
            daemon.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void redis_killed_and_started_empty_mid_run_every_report_succeeds_once() {
        List<UUID> ids = load.submitMany(node, REPORTS);
        long open = ReportLoad.unfinished(db.dsl(), ids);

        redis.kill();
        DaemonNode.sleep(1_000);
        redis.startEmpty();
        Instant back = Instant.now();

        report("restarted empty", ids, open, back);
    }

    @Test
    void redis_flushed_while_it_runs_every_report_succeeds_once() {
        List<UUID> ids = load.submitMany(node, REPORTS);
        long open = ReportLoad.unfinished(db.dsl(), ids);

        redis.flushAll();
        Instant back = Instant.now();

        report("flushed (FLUSHALL)", ids, open, back);
    }

    /** Asserts the outcome and prints the recovery time: Redis usable again to the first task taken after it. */
    private void report(String fault, List<UUID> ids, long open, Instant back) {
        assertThat(open).as("reports still queued when Redis lost them").isGreaterThan(10);
        ReportLoad.awaitAllSucceeded(db.dsl(), ids, Duration.ofSeconds(120));
        Instant done = Instant.now();
        everyReport.addAll(ids);
        load.assertEachSucceededOnceWithOneFile(db.dsl(), everyReport);
        Instant moving = ReportLoad.firstAttemptStartedAfter(db.dsl(), ids, back)
                .orElseThrow(() -> new AssertionError("no task taken after Redis came back"));
        assertThat(node.alive()).isTrue();
        assertThat(node.get("/api/scheduler/health").statusCode()).isEqualTo(200);
        System.out.printf(
                "[ha] redis %s: %d reports, %d open at the wipe; Redis back -> first task taken %d ms;"
                        + " -> all %d done %d ms%n",
                fault,
                ids.size(),
                open,
                Duration.between(back, moving).toMillis(),
                ids.size(),
                Duration.between(back, done).toMillis());
    }
}
