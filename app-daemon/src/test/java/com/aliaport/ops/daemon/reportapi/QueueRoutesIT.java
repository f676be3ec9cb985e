package com.aliaport.ops.daemon.reportapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestRedis;
import java.net.URI;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

/**
 * {@code ALIAPORT_QUEUE_ROUTES} on a real daemon process: a routed report type travels on the {@code background}
 * stream and is built by the workers from there; the others stay on {@code reports}; a route naming an unknown
 * type or queue stops every command with one line naming the variable.
 */
@ExtendWith(PostgresExtension.class)
class QueueRoutesIT {

    /** A Redis database of this suite's own, emptied first: the streams' counters are this test's alone. */
    private static URI redis() {
        return URI.create(TestRedis.uri().toString().replaceFirst("/\\d+$", "/10"));
    }

    private static long entriesAdded(JedisPooled redis, String queue) {
        String stream = "aliaport:queue:" + queue;
        if (!redis.exists(stream)) {
            return 0;
        }
        return ((Number) redis.xinfoStream(stream).getStreamInfo().get("entries-added")).longValue();
    }

    private static String submitAndWait(ConnectionSettings settings, Map<String, String> env, String... params) {
        var submit = DaemonNode.cli(settings, env, params);
        assertThat(submit.exitCode()).as(submit.stdout() + submit.stderr()).isZero();
        assertThat(submit.stdout()).contains("state:     SUCCESS");
        return submit.stdout().lines().findFirst().orElseThrow().strip();
    }

    @Test
    void a_type_routed_to_background_is_carried_and_built_there_and_the_others_stay_on_reports(
            ConnectionSettings settings, Database db) throws Exception {
        // GIVEN seeded data and a daemon with one worker slot routing manifest to the background queue
        Map<String, String> env = new HashMap<>();
        env.put("ALIAPORT_REDIS_URL", redis().toString());
        env.put("ALIAPORT_DIAGNOSTIC_JOBS", "false");
        env.put("ALIAPORT_STORAGE", "file:" + Files.createTempDirectory("routes-reports"));
        env.put("ALIAPORT_LINK_SECRET", "routes-link-secret-0123456789");
        env.put("ALIAPORT_QUEUE_ROUTES", "manifest=background");
        try (JedisPooled redis = new JedisPooled(redis())) {
            redis.flushDB();
            var seed = DaemonNode.cli(settings, env, "seed", "--movements", "300", "--audit-events", "10");
            assertThat(seed.exitCode()).as(seed.stderr()).isZero();
            Map<String, String> daemonEnv = new HashMap<>(env);
            daemonEnv.put("ALIAPORT_WORKERS", "1");
            try (DaemonNode node = DaemonNode.start(settings, "node-routes", daemonEnv)) {
                long manifestId = ((Number) db.dsl().fetchValue("SELECT min(id) FROM manifestolar")).longValue();

                // WHEN a manifest and a barınma report are submitted
                String manifestTask = submitAndWait(
                        settings,
                        env,
                        "reports",
                        "submit",
                        "manifest",
                        "--param",
                        "manifest_id=" + manifestId,
                        "--wait",
                        "--timeout",
                        "90");
                LocalDate today = LocalDate.now();
                String barinmaTask = submitAndWait(
                        settings,
                        env,
                        "reports",
                        "submit",
                        "barinma",
                        "--param",
                        "date_from=" + today.minusDays(365),
                        "--param",
                        "date_to=" + today,
                        "--wait",
                        "--timeout",
                        "90");

                // THEN the manifest went through the background queue, the barınma report through reports,
                // and both were built by the node's worker
                Record manifest = db.dsl().fetchOne("SELECT * FROM report_tasks WHERE id = ?::uuid", manifestTask);
                Record barinma = db.dsl().fetchOne("SELECT * FROM report_tasks WHERE id = ?::uuid", barinmaTask);
                assertThat(manifest.get("queue")).isEqualTo("background");
                assertThat(barinma.get("queue")).isEqualTo("reports");
                assertThat(db.dsl()
                                .fetchValue(
                                        "SELECT worker_id FROM report_task_attempts WHERE task_id = ?::uuid",
                                        manifestTask))
                        .asString()
                        .startsWith("node-routes-");
                assertThat(entriesAdded(redis, "background")).isEqualTo(1);
                assertThat(entriesAdded(redis, "reports")).isEqualTo(1);
            }
        }
    }

    @Test
    void a_route_to_an_unknown_type_or_queue_stops_with_the_variable_named(ConnectionSettings settings) {
        var unknownType =
                DaemonNode.cli(settings, Map.of("ALIAPORT_QUEUE_ROUTES", "manifesto=background"), "jobs", "list");
        assertThat(unknownType.exitCode()).isEqualTo(1);
        assertThat(unknownType.errorLines())
                .containsExactly("error: ALIAPORT_QUEUE_ROUTES: there is no report type 'manifesto'"
                        + " (types: barinma, cari-ekstre, manifest)");

        var unknownQueue = DaemonNode.cli(settings, Map.of("ALIAPORT_QUEUE_ROUTES", "manifest=slow"), "jobs", "list");
        assertThat(unknownQueue.exitCode()).isEqualTo(1);
        assertThat(unknownQueue.errorLines())
                .containsExactly(
                        "error: ALIAPORT_QUEUE_ROUTES: unknown queue 'slow' for manifest (queues: reports, background)");

        var notAPair = DaemonNode.cli(settings, Map.of("ALIAPORT_QUEUE_ROUTES", "manifest"), "jobs", "list");
        assertThat(notAPair.exitCode()).isEqualTo(1);
        assertThat(notAPair.errorLines())
                .containsExactly(
                        "error: ALIAPORT_QUEUE_ROUTES: 'manifest' is not name=value (entries are comma-separated)");
    }
}
