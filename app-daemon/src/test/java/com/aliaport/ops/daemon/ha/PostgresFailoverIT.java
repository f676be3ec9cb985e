package com.aliaport.ops.daemon.ha;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.daemon.testsupport.PrivatePostgres;
import com.aliaport.ops.daemon.testsupport.PrivateRedis;
import com.aliaport.ops.daemon.testsupport.ReportLoad;
import com.aliaport.ops.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL fails over under two real daemon processes: a private primary with a synchronous streaming standby,
 * and {@code ALIAPORT_DB_URL=jdbc:postgresql://primary,standby/aliaport?targetServerType=primary}. With reports
 * in flight and a per-second job firing, the primary stops as on a crash; the standby is promoted; the daemons
 * reconnect, Quartz's cluster fires again, the queue resumes, no report is lost or run twice, no fire time runs
 * twice, and {@code /api/scheduler/health} tells the outage and the change of server. Times are printed as
 * {@code [ha] postgresql failover …} (docs/reliability.md).
 */
@Tag("ha")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFailoverIT {
    private static final List<String> USERS = List.of("ayse", "mehmet", "zeynep");
    /** How long the cluster runs without a primary before the standby is promoted (an operator's or a tool's delay). */
    private static final Duration WITHOUT_PRIMARY = Duration.ofSeconds(5);

    private PrivatePostgres pg;
    private PrivateRedis redis;
    private final List<DaemonNode> nodes = new ArrayList<>();
    private final ReportLoad load = ReportLoad.inTempFolder(USERS);

    @BeforeAll
    void a_primary_its_standby_and_two_daemons_on_the_multi_host_url() {
        pg = PrivatePostgres.startPair();
        redis = PrivateRedis.start();
        Map<String, String> env = new HashMap<>(load.daemonEnvironment());
        env.put("ALIAPORT_REDIS_URL", redis.url());
        env.put("ALIAPORT_WORKERS", "2");
        env.put("ALIAPORT_DIAG_TICK_CRON", "* * * * * ?");
        nodes.add(DaemonNode.start(pg.multiHost(), "node-pg-a", env));
        nodes.add(DaemonNode.start(pg.multiHost(), "node-pg-b", env));
    }

    @AfterAll
    void stop_everything() {
        nodes.forEach(DaemonNode::close);
        if (redis != null) {
            redis.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void the_standby_promoted_takes_over_and_nothing_is_lost_or_doubled() {
        try (Database db = Database.connect(pg.multiHost(), "test", 2)) {
            DSLContext dsl = db.dsl();
            Await.until(Duration.ofSeconds(30), () -> ticks(dsl), n -> n >= 3, "the per-second job to fire");

            // GIVEN reports queued and running, the per-second job firing
            List<UUID> ids = new ArrayList<>(load.submitMany(nodes, 60));
            long openAtStop = ReportLoad.unfinished(dsl, ids);

            // WHEN the primary dies and, a while later, the standby is promoted
            Instant stopped = Instant.now();
            pg.stopPrimary();
            Map<?, ?> during = Await.until(
                    Duration.ofSeconds(15),
                    () -> database(nodes.get(0)),
                    d -> "UNREACHABLE".equals(d.get("status")),
                    "the health answer to say PostgreSQL does not answer");
            DaemonNode.sleep(Math.max(
                    0,
                    WITHOUT_PRIMARY
                            .minus(Duration.between(stopped, Instant.now()))
                            .toMillis()));
            // No server takes writes before the promotion starts; pg_ctl returns a moment after it took effect.
            Instant promoting = Instant.now();
            pg.promoteStandby();
            Instant promoted = Instant.now();
            assertThat(pg.standbyInRecovery()).isEqualTo("f");

            // THEN users are served again, and every report ends SUCCESS once
            Await.until(
                    Duration.ofSeconds(60),
                    () -> refusedOfOneEach(ids),
                    refused -> refused == 0,
                    "each node to accept reports again");
            Instant accepting = Instant.now();
            ids.addAll(load.submitMany(nodes, 20));
            ReportLoad.awaitAllSucceeded(dsl, ids, Duration.ofSeconds(120));
            load.assertEachSucceededOnceWithOneFile(dsl, ids);

            // … the cluster fires the per-second job again, each fire time at most once, nothing left RUNNING
            Instant ticking = Await.until(
                    Duration.ofSeconds(60),
                    () -> firstTickStartedAfter(dsl, promoted),
                    t -> t != null,
                    "the per-second job to run again after the promotion");
            // A start the run guard refused (a paused or cut-off node still held the job) is a SKIPPED row with the
            // same fire time, a fire time found too late a MISSED one: neither ran. Rows that ran are the rest.
            assertThat(dsl.fetch("""
                            SELECT scheduled_at FROM job_runs WHERE job_id = 'diag_tick' AND trigger_kind = 'SCHEDULED'
                              AND status NOT IN ('SKIPPED', 'MISSED')
                            GROUP BY scheduled_at HAVING count(*) > 1""")).as("fire times run twice").isEmpty();
            Await.until(
                    Duration.ofSeconds(60),
                    () -> dsl.fetch("SELECT id, job_id, node_id, started_at FROM job_runs WHERE status = 'RUNNING'"
                                    + " AND started_at < now() - interval '10 seconds'")
                            .intoMaps(),
                    List::isEmpty,
                    "no run to be left RUNNING");

            // … and each node's health answer tells what it saw
            for (DaemonNode node : nodes) {
                assertThat(node.alive()).isTrue();
                Map<?, ?> seen = Await.until(
                        Duration.ofSeconds(15),
                        () -> database(node),
                        d -> "UP".equals(d.get("status")),
                        node.nodeId() + "'s health to say PostgreSQL answers again");
                assertThat(node.get("/api/scheduler/health").statusCode()).isEqualTo(200);
                assertThat(seen.get("server")).isEqualTo("127.0.0.1:" + pg.standbyPort());
                assertThat(seen.get("outages")).isEqualTo(1);
                Map<?, ?> outage = (Map<?, ?>) seen.get("last_outage");
                assertThat(Instant.parse((String) outage.get("from"))).isBetween(stopped, promoting);
                assertThat(Instant.parse((String) outage.get("to"))).isAfter(promoting);
                Map<?, ?> change = (Map<?, ?>) seen.get("last_server_change");
                assertThat(change.get("from")).isEqualTo("127.0.0.1:" + pg.primaryPort());
                assertThat(change.get("to")).isEqualTo("127.0.0.1:" + pg.standbyPort());
            }
            assertThat(during.get("server")).isEqualTo("127.0.0.1:" + pg.primaryPort());

            Instant queueMoving = ReportLoad.firstAttemptStartedAfter(dsl, ids, promoted)
                    .orElseThrow(() -> new AssertionError("no report started after the promotion"));
            System.out.printf(
                    "[ha] postgresql failover: %d reports, %d open at the stop; primary stopped -> promoted %d ms;"
                            + " promoted -> per-second job running %d ms; promoted -> first report taken %d ms;"
                            + " promoted -> submissions accepted %d ms%n",
                    ids.size(),
                    openAtStop,
                    Duration.between(stopped, promoted).toMillis(),
                    Duration.between(promoted, ticking).toMillis(),
                    Duration.between(promoted, queueMoving).toMillis(),
                    Duration.between(promoted, accepting).toMillis());
        }
    }

    private static long ticks(DSLContext dsl) {
        try {
            return dsl.fetchOne("SELECT count(*) FROM job_runs WHERE job_id = 'diag_tick' AND status = 'SUCCEEDED'")
                    .get(0, Long.class);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static Instant firstTickStartedAfter(DSLContext dsl, Instant after) {
        try {
            var t = dsl.fetchOne(
                            "SELECT min(started_at) FROM job_runs WHERE job_id = 'diag_tick' AND started_at > ?::timestamptz",
                            after.toString())
                    .get(0, java.time.OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<?, ?> database(DaemonNode node) {
        try {
            Map<?, ?> body = Json.read(node.get("/api/scheduler/health").body(), Map.class);
            Object d = ((Map<?, ?>) body.get("data")).get("database");
            return d instanceof Map<?, ?> m ? m : Map.of();
        } catch (RuntimeException e) {
            return Map.of("error", e.toString());
        }
    }

    /** One report sent to each node; the accepted ones join {@code ids}; how many were refused. */
    private int refusedOfOneEach(List<UUID> ids) {
        int refused = 0;
        for (DaemonNode node : nodes) {
            var id = load.submit(node, USERS.get(0), "barinma", ReportLoad.BARINMA_MARCH);
            id.ifPresent(ids::add);
            refused += id.isEmpty() ? 1 : 0;
        }
        return refused;
    }
}
