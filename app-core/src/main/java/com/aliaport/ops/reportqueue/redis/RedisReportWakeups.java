package com.aliaport.ops.reportqueue.redis;

import com.aliaport.ops.common.Loops;
import com.aliaport.ops.reportqueue.ReportChanges;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Wakes the waiters of other processes (a client following a task on another node) through Redis pub/sub, the
 * fast path beside PostgreSQL's {@code NOTIFY}: the ids of the tasks this process finished (SUCCESS, FAILURE,
 * CANCELLED) go out on {@code <prefix>finished:<db>} right after the result is committed, from one thread that sends
 * whatever gathered meanwhile in one {@code PUBLISH} (no linger); ids published by other processes are handed to
 * {@code onRemoteChange} (the local waiters). Only ends are published: nothing competes with a task's own
 * submission and claim for the machine, and progress reaches live views through {@code NOTIFY}.
 *
 * <p>Measured (docs/benchmarks.md, issue 17): a waiter on another node saw the result 0.7–1.7 ms (p50) after it was
 * written this way, 5.9–8.9 ms through {@code LISTEN}, whose announcer gathers changes for 5 ms and whose PgJDBC read
 * lingers 1 ms after each notification (same loaded runs). It is a wake-up only: the waiter reads the task from
 * PostgreSQL, and a wake-up lost with Redis (down, wiped, a full queue here) leaves it the {@code NOTIFY} and its own
 * slow poll.
 *
 * <p>A node that alone listens on the channel (the reply to {@code PUBLISH} counts the subscribers reached: only its
 * own) publishes nothing for {@link #ALONE_RECHECK}, then tries again: a single node's wake-ups would only reach
 * itself, and each costs the next task a Redis round trip and two thread wake-ups on the same cores. Meanwhile its
 * ends are not even handed to the publisher's thread: waking it for an id it would drop took a core, on two, just as
 * the result's writer woke the task's waiter (issue 17). A waiter on a node that starts listening meanwhile has its
 * {@code NOTIFY} until then.
 */
public final class RedisReportWakeups implements ReportChanges, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisReportWakeups.class);
    private static final int MAX_BATCH = 1_000;
    private static final int MAX_PENDING = 100_000;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    public static final Duration ALONE_RECHECK = Duration.ofSeconds(1);

    private final URI uri;
    private final String channel;
    private final String origin = UUID.randomUUID().toString();
    private final ReportChanges onRemoteChange;
    private final LinkedBlockingQueue<UUID> pending = new LinkedBlockingQueue<>(MAX_PENDING);
    private final Listener listener = new Listener();
    private volatile boolean running;
    private Thread publisher;
    private Thread subscriber;
    /** The subscription's connection, closed by {@link #close()} to end a subscribe that has not begun yet. */
    private volatile Jedis subscription;
    /** Subscribed now (set when Redis confirms, cleared when the subscription ends or breaks). */
    private volatile boolean subscribed;
    /** Messages sent (the publisher's thread writes it). */
    private volatile long published;
    /** Until when ({@link System#nanoTime}) this node alone listens, as the last message told: nothing to publish. */
    private volatile long aloneUntil = System.nanoTime();
    /** Ends handed to the publisher's thread. */
    private final LongAdder queued = new LongAdder();

    /** Publishes on, and listens to, {@code <prefix>finished:<db>} of the Redis at {@code uri} (database {@code db}). */
    public RedisReportWakeups(URI uri, String prefix, ReportChanges onRemoteChange) {
        this.uri = uri;
        // Pub/sub ignores the database number: the channel names it, so that daemons on other databases of the same
        // Redis (tests, benchmarks) do not wake each other's waiters for nothing.
        String db = uri.getPath() == null || uri.getPath().length() <= 1
                ? "0"
                : uri.getPath().substring(1);
        this.channel = prefix + "finished:" + db;
        this.onRemoteChange = onRemoteChange;
    }

    public synchronized RedisReportWakeups start() {
        if (!running) {
            running = true;
            publisher =
                    Thread.ofPlatform().name("report-wakeups-out").daemon(true).start(this::publishLoop);
            subscriber =
                    Thread.ofPlatform().name("report-wakeups-in").daemon(true).start(this::subscribeLoop);
        }
        return this;
    }

    /** True while subscribed: wake-ups published by other processes from now on reach this one. */
    public boolean listening() {
        return subscribed;
    }

    /** How many messages this process published: a test sees that a node alone keeps its wake-ups to itself. */
    public long published() {
        return published;
    }

    /** How many ends were handed to the publisher's thread: a node alone does not wake it for them. */
    public long queued() {
        return queued.sum();
    }

    /** Progress and claims are not published: NOTIFY carries them to live views, a few milliseconds later. */
    @Override
    public void changed(UUID taskId) {}

    @Override
    public void finished(UUID taskId) {
        if (System.nanoTime() - aloneUntil < 0) {
            return; // nobody else listened at the last message
        }
        // A full queue drops the wake-up, never blocks a writer: waiters have NOTIFY and their poll.
        if (pending.offer(taskId)) {
            queued.increment();
        }
    }

    private void publishLoop() {
        while (running) {
            try (Jedis redis = new Jedis(uri, 2_000)) {
                aloneUntil = System.nanoTime();
                while (running) {
                    List<UUID> batch = new ArrayList<>();
                    batch.add(pending.take());
                    pending.drainTo(batch, MAX_BATCH - 1);
                    long now = System.nanoTime();
                    if (now - aloneUntil < 0) {
                        continue; // queued before the last message's reply: these reach nobody
                    }
                    long reached = redis.publish(channel, message(batch));
                    published++;
                    if (reached <= (subscribed ? 1 : 0)) {
                        aloneUntil = now + ALONE_RECHECK.toNanos();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Redis away: what is pending now is stale by the time it returns; waiters fall back meanwhile.
                pending.clear();
                log.debug("report wake-ups not published: {}", e.toString());
                if (!Loops.pause(RECONNECT_PAUSE)) {
                    return;
                }
            }
        }
    }

    /** {@code origin|id,id,…}: the origin lets this process skip its own messages (its waiters were told). */
    private String message(List<UUID> batch) {
        return origin + "|"
                + new LinkedHashSet<>(batch).stream().map(UUID::toString).collect(Collectors.joining(","));
    }

    private void subscribeLoop() {
        while (running) {
            // No read time-out: a subscriber waits for messages; a broken connection ends the call.
            try (Jedis redis = new Jedis(uri, 2_000, 0)) {
                subscription = redis;
                if (running) {
                    redis.subscribe(listener, channel);
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.debug("report wake-ups subscription lost: {}", e.toString());
                    if (!Loops.pause(RECONNECT_PAUSE)) {
                        return;
                    }
                }
            } finally {
                subscribed = false;
            }
        }
    }

    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            subscribed = true;
        }

        @Override
        public void onMessage(String from, String message) {
            int bar = message.indexOf('|');
            if (bar < 0 || message.startsWith(origin + "|")) {
                return;
            }
            for (String id : message.substring(bar + 1).split(",")) {
                try {
                    onRemoteChange.finished(UUID.fromString(id));
                } catch (IllegalArgumentException e) {
                    log.debug("ignoring wake-up for {}", id);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (publisher != null) {
            publisher.interrupt();
        }
        try {
            if (listener.isSubscribed()) {
                listener.unsubscribe();
            }
        } catch (RuntimeException e) {
            log.debug("report wake-ups: unsubscribe at close: {}", e.toString());
        }
        Jedis open = subscription;
        if (open != null) {
            open.disconnect();
        }
    }
}
