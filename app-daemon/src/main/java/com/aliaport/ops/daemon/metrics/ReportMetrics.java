package com.aliaport.ops.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The report queue's meters, read from {@code report_tasks} (the source of truth) at most every 5 s, so every
 * node reports the same cluster-wide figures (aggregate with {@code max}, not {@code sum}):
 * {@code report_task_total{task_name,state}} (tasks that reached the state; rows are never deleted),
 * {@code report_queue_length{queue_name}}, {@code report_tasks_dead_lettered}; and this node's
 * {@code report_workers_busy} / {@code report_workers_idle}.
 */
public final class ReportMetrics {
    private static final Duration CACHE = Duration.ofSeconds(5);
    private static final List<String> STATES =
            List.of("PENDING", "STARTED", "PROGRESS", "SUCCESS", "FAILURE", "CANCELLED");

    private final DSLContext dsl;
    private final Clock clock;
    private final String nodeId;
    private final int slots;
    private volatile Instant readAt = Instant.EPOCH;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), 0, 0);

    private record Snapshot(Map<String, Long> reached, Map<String, Long> waiting, long deadLettered, long busyHere) {}

    public ReportMetrics(DSLContext dsl, Clock clock, String nodeId, int slots) {
        this.dsl = dsl;
        this.clock = clock;
        this.nodeId = nodeId;
        this.slots = slots;
    }

    public void bindTo(MeterRegistry registry, List<String> types, List<String> queues) {
        for (String type : types) {
            for (String state : STATES) {
                String key = type + "|" + state;
                FunctionCounter.builder(
                                "report.task", this, m -> m.read().reached().getOrDefault(key, 0L))
                        .description("Report tasks that reached the state (cluster-wide, from report_tasks)")
                        .tag("task_name", type)
                        .tag("state", state)
                        .register(registry);
            }
        }
        for (String queue : queues) {
            Gauge.builder("report.queue.length", this, m -> m.read().waiting().getOrDefault(queue, 0L))
                    .description("Report tasks waiting in the queue (cluster-wide)")
                    .tag("queue_name", queue)
                    .register(registry);
        }
        Gauge.builder("report.tasks.dead.lettered", this, m -> m.read().deadLettered())
                .description("Report tasks that used up their retries and wait for an operator")
                .register(registry);
        Gauge.builder("report.workers.busy", this, m -> m.read().busyHere())
                .description("This node's worker slots running a report")
                .register(registry);
        Gauge.builder(
                        "report.workers.idle",
                        this,
                        m -> Math.max(0, slots - m.read().busyHere()))
                .description("This node's free worker slots")
                .register(registry);
    }

    private Snapshot read() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(CACHE) < 0) {
            return snapshot;
        }
        Map<String, Long> reached = new HashMap<>();
        Map<String, Long> waiting = new HashMap<>();
        long[] dead = {0};
        long[] busy = {0};
        dsl.fetch("""
                SELECT task_type, queue, state, count(*) AS n, count(started_at) AS started,
                       count(*) FILTER (WHERE dead_lettered) AS dead,
                       count(*) FILTER (WHERE state IN ('STARTED', 'PROGRESS') AND worker_id LIKE ?) AS busy_here
                  FROM report_tasks GROUP BY task_type, queue, state
                """, nodeId + "-%").forEach(r -> {
            String type = r.get("task_type", String.class);
            String state = r.get("state", String.class);
            long n = r.get("n", Long.class);
            long started = r.get("started", Long.class);
            reached.merge(type + "|PENDING", n, Long::sum);
            reached.merge(type + "|STARTED", started, Long::sum);
            if (state.equals("PROGRESS")
                    || List.of("SUCCESS", "FAILURE", "CANCELLED").contains(state)) {
                reached.merge(type + "|PROGRESS", started, Long::sum);
            }
            if (List.of("SUCCESS", "FAILURE", "CANCELLED").contains(state)) {
                reached.merge(type + "|" + state, n, Long::sum);
            }
            if (state.equals("PENDING")) {
                waiting.merge(r.get("queue", String.class), n, Long::sum);
            }
            dead[0] += r.get("dead", Long.class);
            busy[0] += r.get("busy_here", Long.class);
        });
        snapshot = new Snapshot(reached, waiting, dead[0], busy[0]);
        readAt = now;
        return snapshot;
    }
}
