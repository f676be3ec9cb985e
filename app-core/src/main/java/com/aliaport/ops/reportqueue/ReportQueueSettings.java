package com.aliaport.ops.reportqueue;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.ConfigException;
import java.time.Duration;
import java.util.Map;

/**
 * How the queue behaves, read once from {@link AppConfig.Reports}. Heartbeats run well inside the lease so
 * that a long report is never taken for dead; {@code cancelGrace} is how long a cancelled or timed-out report
 * may take to notice before its thread is abandoned and its slot reused.
 */
public record ReportQueueSettings(
        Duration softLimit,
        Duration hardLimit,
        int retries,
        Duration retryBackoff,
        Duration lease,
        Duration heartbeat,
        Duration progressInterval,
        Duration cancelGrace,
        Duration reconcileInterval,
        int ratePerMinute,
        int backlogLimit,
        Duration linkTtl,
        Duration fileRetention,
        Map<String, String> routing) {

    public static final String REPORTS = "reports";
    public static final String BACKGROUND = "background";
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    public ReportQueueSettings {
        if (hardLimit.compareTo(softLimit) < 0) {
            throw new IllegalArgumentException("hard limit below soft limit");
        }
        if (heartbeat.multipliedBy(2).compareTo(lease) > 0) {
            throw new IllegalArgumentException("heartbeat must be at most half the lease");
        }
        routing = Map.copyOf(routing);
        routing.values().forEach(q -> {
            if (!q.equals(REPORTS) && !q.equals(BACKGROUND)) {
                throw new IllegalArgumentException("unknown queue " + q);
            }
        });
    }

    public static ReportQueueSettings from(AppConfig.Reports c) {
        Duration heartbeat = c.lease().dividedBy(3).compareTo(Duration.ofSeconds(2)) < 0
                ? c.lease().dividedBy(3)
                : Duration.ofSeconds(2);
        return new ReportQueueSettings(
                c.softLimit(),
                c.hardLimit(),
                c.retries(),
                c.retryBackoff(),
                c.lease(),
                heartbeat,
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                c.ratePerMinute(),
                c.backlogLimit(),
                c.linkTtl(),
                c.fileRetention(),
                routes(c.queueRoutes()));
    }

    /** The configured routes, each to a queue that exists. */
    private static Map<String, String> routes(Map<String, String> typeToQueue) {
        typeToQueue.forEach((type, q) -> {
            if (!q.equals(REPORTS) && !q.equals(BACKGROUND)) {
                throw new ConfigException(AppConfig.Reports.QUEUE_ROUTES + ": unknown queue '" + q + "' for " + type
                        + " (queues: " + REPORTS + ", " + BACKGROUND + ")");
            }
        });
        return typeToQueue;
    }

    /** Stops with the variable's name when a route names a report type that is not in {@code types}. */
    public void requireRoutedTypesIn(java.util.Collection<String> types) {
        for (String type : new java.util.TreeSet<>(routing.keySet())) {
            if (!types.contains(type)) {
                throw new ConfigException(AppConfig.Reports.QUEUE_ROUTES + ": there is no report type '" + type
                        + "' (types: " + String.join(", ", new java.util.TreeSet<>(types)) + ")");
            }
        }
    }

    /** Reports go to {@code reports} unless routed elsewhere (the seed's task routes). */
    public String queueOf(String type) {
        return routing.getOrDefault(type, REPORTS);
    }

    /** Delay before attempt {@code failedAttempt + 1}: the backoff doubled per failure, at most an hour. */
    public Duration backoffAfter(int failedAttempt) {
        Duration d = retryBackoff.multipliedBy(1L << Math.min(Math.max(failedAttempt - 1, 0), 20));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    public ReportQueueSettings withRouting(Map<String, String> typeToQueue) {
        return new ReportQueueSettings(
                softLimit,
                hardLimit,
                retries,
                retryBackoff,
                lease,
                heartbeat,
                progressInterval,
                cancelGrace,
                reconcileInterval,
                ratePerMinute,
                backlogLimit,
                linkTtl,
                fileRetention,
                typeToQueue);
    }
}
