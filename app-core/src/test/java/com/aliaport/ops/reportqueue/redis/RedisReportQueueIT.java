package com.aliaport.ops.reportqueue.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.reportqueue.ReportQueue.Delivery;
import com.aliaport.ops.testsupport.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/** The stream reads of the report queue ({@code XREADGROUP}, {@code XAUTOCLAIM}, read raw) on the real Redis. */
class RedisReportQueueIT {
    private final String prefix =
            "aliaport:test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final JedisPooled redis = new JedisPooled(TestRedis.uri().toString());
    private final RedisReportQueue queue = new RedisReportQueue(redis, prefix).prepare();

    @AfterEach
    void close() {
        redis.keys(prefix + "*").forEach(redis::del);
        redis.close();
    }

    private long pending(String queueName) {
        return redis.xpending(prefix + queueName, RedisReportQueue.GROUP).getTotal();
    }

    @Test
    void a_read_delivers_the_messages_of_both_queues_with_their_queue_task_and_stream_id() {
        UUID report = UUID.randomUUID();
        UUID background = UUID.randomUUID();
        queue.enqueue("reports", report);
        queue.enqueue("background", background);

        List<Delivery> read = queue.take("slot-1", false, Duration.ofMillis(100), 8);

        StreamEntry onReports = redis.xrange(prefix + "reports", "-", "+").getFirst();
        StreamEntry onBackground = redis.xrange(prefix + "background", "-", "+").getFirst();
        assertThat(read)
                .containsExactlyInAnyOrder(
                        new Delivery("reports", onReports.getID().toString(), report),
                        new Delivery("background", onBackground.getID().toString(), background));
        assertThat(pending("reports")).isEqualTo(1);
    }

    @Test
    void a_read_takes_at_most_the_count_asked_for_and_an_empty_stream_answers_nothing_after_the_block() {
        for (int i = 0; i < 5; i++) {
            queue.enqueue("reports", UUID.randomUUID());
        }

        assertThat(queue.take("slot-1", false, Duration.ofMillis(100), 3)).hasSize(3);
        assertThat(queue.take("slot-1", false, Duration.ofMillis(100), 3)).hasSize(2);
        long before = System.nanoTime();
        assertThat(queue.take("slot-1", false, Duration.ofMillis(300), 3)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void a_consumer_rereads_its_own_pending_messages_and_acknowledges_those_deleted_since() {
        UUID kept = UUID.randomUUID();
        UUID settledElsewhere = UUID.randomUUID();
        queue.enqueueAll("reports", List.of(kept, settledElsewhere));
        List<Delivery> first = queue.take("slot-1", false, Duration.ofMillis(100), 8);
        assertThat(first).hasSize(2);
        Delivery gone = first.stream()
                .filter(d -> d.taskId().equals(settledElsewhere))
                .findFirst()
                .orElseThrow();
        redis.xdel(prefix + "reports", new StreamEntryID(gone.messageId()));

        List<Delivery> again = queue.take("slot-1", true, Duration.ZERO, 8);

        assertThat(again).extracting(Delivery::taskId).containsExactly(kept);
        assertThat(pending("reports")).as("the deleted entry acknowledged").isEqualTo(1);
    }

    @Test
    void a_message_without_a_readable_task_is_dropped_and_the_others_of_the_read_are_delivered() {
        String stream = prefix + "reports";
        redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("other", "x"));
        redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("task", "{\"task_id\": \"not-a-uuid\"}"));
        UUID good = UUID.randomUUID();
        queue.enqueue("reports", good);

        List<Delivery> read = queue.take("slot-1", false, Duration.ofMillis(100), 8);

        assertThat(read).extracting(Delivery::taskId).containsExactly(good);
        assertThat(redis.xlen(stream)).as("the unreadable ones deleted").isEqualTo(1);
        assertThat(pending("reports")).isEqualTo(1);
    }

    @Test
    void reclaim_takes_over_messages_idle_past_the_lease_drops_unreadable_ones_and_leaves_fresh_ones()
            throws Exception {
        String background = prefix + "background";
        UUID idle = UUID.randomUUID();
        queue.enqueue("background", idle);
        redis.xadd(background, StreamEntryID.NEW_ENTRY, Map.of("task", "{}"));
        // Delivered to a consumer that then died: read without the queue's check, both stay pending.
        redis.xreadGroup(
                RedisReportQueue.GROUP,
                "dead-slot",
                XReadGroupParams.xReadGroupParams().count(10),
                Map.of(background, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        assertThat(pending("background")).isEqualTo(2);
        Thread.sleep(300);
        UUID fresh = UUID.randomUUID();
        queue.enqueue("reports", fresh);
        assertThat(queue.take("busy-slot", false, Duration.ofMillis(100), 8)).hasSize(1);

        List<Delivery> reclaimed = queue.reclaim("slot-2", Duration.ofMillis(250), 10);

        StreamEntry idleEntry = redis.xrange(background, "-", "+").getFirst();
        assertThat(reclaimed)
                .containsExactly(new Delivery("background", idleEntry.getID().toString(), idle));
        assertThat(redis.xlen(background)).as("the unreadable one deleted").isEqualTo(1);
        assertThat(redis.xpending(background, RedisReportQueue.GROUP).getConsumerMessageCount())
                .containsExactly(Map.entry("slot-2", 1L));
        assertThat(pending("reports")).as("the fresh one left with its reader").isEqualTo(1);
        assertThat(queue.reclaim("slot-3", Duration.ofMillis(250), 10))
                .as("not idle again yet")
                .isEmpty();
    }
}
