package com.aliaport.ops.reportqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The transport that carries task ids to workers (Redis streams with a consumer group). It holds no truth:
 * anything it loses is put back from {@code report_tasks} by the reconciler, and anything it delivers twice
 * is refused by the claim in PostgreSQL.
 */
public interface ReportQueue {
    List<String> QUEUES = List.of(ReportQueueSettings.REPORTS, ReportQueueSettings.BACKGROUND);

    /** One delivered message: which queue, its transport id, and the task it names. */
    record Delivery(String queue, String messageId, UUID taskId) {}

    void enqueue(String queue, UUID taskId);

    /** Hands several tasks of one queue over in one round trip. */
    void enqueueAll(String queue, List<UUID> taskIds);

    /** Hands tasks over, each to its own queue: one round trip per queue among them. */
    default void enqueueTasks(List<ReportTask> tasks) {
        Map<String, List<UUID>> byQueue = new LinkedHashMap<>();
        for (ReportTask task : tasks) {
            byQueue.computeIfAbsent(task.queue(), q -> new ArrayList<>()).add(task.id());
        }
        byQueue.forEach(this::enqueueAll);
    }

    /**
     * Messages for {@code consumer}: with {@code ownPending} the ones delivered to it earlier and not settled
     * (after a restart or an outage), otherwise up to {@code max} new ones, waiting up to {@code block}.
     */
    List<Delivery> take(String consumer, boolean ownPending, Duration block, int max);

    /** Takes over messages delivered to other consumers and left unsettled for {@code minIdle} (a dead worker). */
    List<Delivery> reclaim(String consumer, Duration minIdle, int count);

    /**
     * Acknowledges and removes messages whose tasks are claimed or no longer runnable, in as few round trips as
     * there are queues among them.
     */
    void settleAll(List<Delivery> deliveries);

    /** The ones among {@code taskIds} that have a message waiting in {@code queue}. */
    Set<UUID> queued(String queue, Collection<UUID> taskIds);

    /**
     * True, to one caller, the first time it is asked after the transport lost everything it carried (Redis
     * restarted empty, flushed, or failed over to a server without the daemon's keys): that caller should check
     * every pending task at once.
     */
    boolean foundEmpty();

    /** Messages waiting or being handled in {@code queue}. */
    long length(String queue);
}
