package com.aliaport.ops.daemon.ha;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.daemon.testsupport.RedisSentinelGroup;
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
import redis.clients.jedis.Jedis;

/**
 * {@code ALIAPORT_REDIS_URL=redis-sentinel://…}: a real daemon process over a Redis master, its replica and three
 * Sentinels. The master is killed with -9 while reports are queued and running and more are sent; the Sentinels
 * promote the replica, the daemon's client follows it, and every report ends SUCCESS exactly once (whatever the
 * replica had not received, the reconciler hands over again from PostgreSQL). The times are printed as
 * {@code [ha] sentinel failover …} lines (docs/reliability.md).
 */
@Tag("ha")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisSentinelFailoverIT {
    private static final List<String> USERS = List.of("ayse", "mehmet");

    private RedisSentinelGroup redis;
    private ReportingDaemon daemon;
    private Database db;
    private DaemonNode node;
    private final ReportLoad load = ReportLoad.inTempFolder(USERS);

    @BeforeAll
    void a_master_a_replica_three_sentinels_and_a_daemon_that_knows_only_the_sentinels() {
        redis = RedisSentinelGroup.start();
        daemon = ReportingDaemon.start(load, redis.url(0), "node-sentinel");
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
    void a_master_killed_mid_run_is_replaced_by_its_replica_and_every_report_succeeds_exactly_once() {
        // GIVEN reports queued and running through the master the Sentinels named
        List<UUID> ids = new ArrayList<>(load.submitMany(node, 60));
        long openAtKill = ReportLoad.unfinished(db.dsl(), ids);

        // WHEN the master dies without a word, and users keep sending reports meanwhile
        Instant killed = Instant.now();
        redis.killMaster();
        ids.addAll(load.submitMany(node, 20));
        Await.until(
                Duration.ofSeconds(30),
                () -> redis.masterAsSentinelsSayIt().orElse(-1),
                port -> port == redis.replicaPort(),
                "the Sentinels to promote the replica");
        Instant promoted = Instant.now();
        ids.addAll(load.submitMany(node, 20));

        // THEN every report ends SUCCESS, once, with one file each
        ReportLoad.awaitAllSucceeded(db.dsl(), ids, Duration.ofSeconds(120));
        load.assertEachSucceededOnceWithOneFile(db.dsl(), ids);
        assertThat(redis.replicaRole()).isEqualTo("master");
        try (Jedis now = redis.currentMaster()) {
            // The daemon's queue lives on the promoted replica now (its consumer group re-created if lost).
            assertThat(now.exists("aliaport:queue:reports")).isTrue();
        }
        assertThat(node.get("/api/scheduler/health").statusCode()).isEqualTo(200);
        assertThat(node.alive()).isTrue();

        Instant moving = ReportLoad.firstAttemptStartedAfter(db.dsl(), ids, promoted)
                .orElseThrow(() -> new AssertionError("no task started after the promotion"));
        System.out.printf(
                "[ha] sentinel failover: %d reports, %d open at the kill; kill -> replica promoted %d ms;"
                        + " promoted -> first task taken %d ms; kill -> queue moving %d ms (down-after %d ms)%n",
                ids.size(),
                openAtKill,
                Duration.between(killed, promoted).toMillis(),
                Duration.between(promoted, moving).toMillis(),
                Duration.between(killed, moving).toMillis(),
                RedisSentinelGroup.DOWN_AFTER.toMillis());
    }
}
