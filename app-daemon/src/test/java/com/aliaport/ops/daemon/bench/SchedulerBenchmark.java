package com.aliaport.ops.daemon.bench;

import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Record;

/**
 * Fire lateness (start minus scheduled time) over per-second firings on two nodes, and the time from kill -9
 * of the node running a job to that job running again on the other node. Run with bench/scheduler.sh.
 */
public final class SchedulerBenchmark {
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 210;
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (seconds > 0) {
            ConnectionSettings settings = TestPostgres.newDatabase();
            try (Database db = Database.connect(settings, "bench", 4)) {
                lateness(settings, db, seconds);
            } finally {
                TestPostgres.drop(settings);
            }
        }
        recovery(kills);
        System.exit(0);
    }

    private static void lateness(ConnectionSettings settings, Database db, int seconds) {
        Map<String, String> env = Map.of("ALIAPORT_DIAG_TICK_CRON", "* * * * * ?");
        try (DaemonNode a = DaemonNode.start(settings, "bench-a", env);
                DaemonNode b = DaemonNode.start(settings, "bench-b", env)) {
            DaemonNode.sleep(5_000); // both nodes warm
            Instant from = Instant.now();
            DaemonNode.sleep(seconds * 1000L);
            Instant to = Instant.now();
            DaemonNode.sleep(3_000);
            List<Record> rows = db.dsl().fetch("""
                    SELECT extract(epoch FROM (started_at - scheduled_at)) * 1000 AS late_ms, node_id
                      FROM job_runs WHERE job_id = 'diag_tick' AND status = 'SUCCEEDED'
                       AND scheduled_at >= ? AND scheduled_at < ?
                    """, java.sql.Timestamp.from(from), java.sql.Timestamp.from(to));
            List<Double> late = new ArrayList<>(rows.stream()
                    .map(r -> ((Number) r.get("late_ms")).doubleValue())
                    .sorted()
                    .toList());
            long onA = rows.stream()
                    .filter(r -> "bench-a".equals(r.get("node_id")))
                    .count();
            long dupes = ((Number) db.dsl().fetchValue("""
                    SELECT count(*) - count(DISTINCT scheduled_at) FROM job_runs WHERE job_id = 'diag_tick'
                    """)).longValue();
            System.out.printf(
                    "lateness: %d firings (%d on bench-a, %d on bench-b), duplicates %d%n",
                    late.size(), onA, late.size() - onA, dupes);
            System.out.printf(
                    "lateness ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
                    pct(late, 50), pct(late, 90), pct(late, 99), late.getLast());
        }
    }

    /** Each kill on a database of its own: the nodes of a round are killed at its end and must not leak into the next. */
    private static void recovery(int kills) {
        Map<String, String> env = Map.of("ALIAPORT_DIAG_SLEEP_SECONDS", "40");
        List<Double> recoverySeconds = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            ConnectionSettings settings = TestPostgres.newDatabase();
            try (Database db = Database.connect(settings, "bench", 4);
                    DaemonNode a = DaemonNode.start(settings, "rec-a-" + i, env);
                    DaemonNode b = DaemonNode.start(settings, "rec-b-" + i, env)) {
                DaemonNode.cli(settings, Map.of(), "jobs", "trigger", "diag_sleep");
                Record running = Await.until(
                                Duration.ofSeconds(30),
                                () -> db.dsl()
                                        .fetch(
                                                "SELECT node_id FROM job_runs WHERE job_id = 'diag_sleep' AND status = 'RUNNING'"),
                                r -> !r.isEmpty(),
                                "running")
                        .getFirst();
                DaemonNode victim = running.get(0).equals(a.nodeId()) ? a : b;
                Instant killed = Instant.now();
                victim.kill();
                Record recovered = Await.until(
                                Duration.ofSeconds(90),
                                () -> db.dsl()
                                        .fetch(
                                                "SELECT started_at FROM job_runs WHERE job_id = 'diag_sleep' AND trigger_kind = 'RECOVERY'"),
                                r -> !r.isEmpty(),
                                "recovery")
                        .getFirst();
                Instant started = ((java.time.OffsetDateTime) recovered.get(0)).toInstant();
                recoverySeconds.add(Duration.between(killed, started).toMillis() / 1000.0);
            } finally {
                TestPostgres.drop(settings);
            }
        }
        System.out.printf(
                "recovery after kill -9 (s): %s; max %.1f%n",
                recoverySeconds,
                recoverySeconds.stream().mapToDouble(d -> d).max().orElse(0));
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(idx, sorted.size() - 1)));
    }
}
