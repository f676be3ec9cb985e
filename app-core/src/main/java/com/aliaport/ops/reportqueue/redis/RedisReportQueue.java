package com.aliaport.ops.reportqueue.redis;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.config.RedisAddress;
import com.aliaport.ops.redis.RedisClients;
import com.aliaport.ops.reportqueue.ReportQueue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;

/**
 * {@link ReportQueue} on Redis streams: one stream per queue ({@code aliaport:queue:reports},
 * {@code aliaport:queue:background}) read by the consumer group {@code workers}, messages in JSON. Beside each
 * stream a set of the task ids it carries lets the reconciler ask "is this task still queued?" in one round
 * trip; both are written together by one Lua script.
 */
public final class RedisReportQueue implements ReportQueue, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisReportQueue.class);
    /** The key prefix of the daemon's streams (and of the wake-ups channel, {@link RedisReportWakeups}). */
    public static final String PREFIX = "aliaport:queue:";

    static final String GROUP = "workers";
    private static final String FIELD = "task";

    private final UnifiedJedis redis;
    private final String prefix;
    private final boolean owned;

    /** Uses a client the caller owns; its pool must have room for one blocking read per worker slot. */
    public RedisReportQueue(UnifiedJedis redis, String prefix) {
        this(redis, prefix, false);
    }

    private RedisReportQueue(UnifiedJedis redis, String prefix, boolean owned) {
        this.redis = redis;
        this.prefix = prefix;
        this.owned = owned;
    }

    /** Connects with a pool sized for {@code slots} blocking readers plus the submit and reconcile paths. */
    public static RedisReportQueue connect(RedisAddress address, int slots) {
        return connect(address, slots, PREFIX);
    }

    /** As {@link #connect(RedisAddress, int)}, with another key prefix (benchmarks, tests). */
    public static RedisReportQueue connect(RedisAddress address, int slots, String prefix) {
        // Socket timeout above the longest blocking read.
        return new RedisReportQueue(RedisClients.open(address, slots + 8, Duration.ofSeconds(10)), prefix, true);
    }

    /** One Redis server by URL. */
    public static RedisReportQueue connect(URI uri, int slots, String prefix) {
        return connect(new RedisAddress.Direct(uri), slots, prefix);
    }

    private String stream(String queue) {
        return prefix + queue;
    }

    private String members(String queue) {
        return prefix + queue + ":ids";
    }

    private void ensureGroup(String queue) {
        try {
            redis.xgroupCreate(stream(queue), GROUP, new StreamEntryID(0, 0), true);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** XADD and SADD of each task (ARGV: message body, task id, body, task id, …), atomically, in one round trip. */
    private static final Script ENQUEUE = Script.of("""
            for i = 1, #ARGV, 2 do
                redis.call('XADD', KEYS[1], '*', 'task', ARGV[i])
                redis.call('SADD', KEYS[2], ARGV[i + 1])
            end
            return #ARGV / 2""");

    /** XACK, XDEL and SREM of each message (ARGV: group, message id, task id, message id, …), atomically. */
    private static final Script SETTLE = Script.of("""
            for i = 2, #ARGV, 2 do
                redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
                redis.call('XDEL', KEYS[1], ARGV[i])
                redis.call('SREM', KEYS[2], ARGV[i + 1])
            end
            return #ARGV / 2""");

    /** Runs a script by its digest (Redis keeps it compiled), sending its text only when Redis does not know it. */
    private void run(Script script, List<String> keys, List<String> args) {
        try {
            redis.evalsha(script.sha1(), keys, args);
        } catch (JedisNoScriptException e) {
            redis.eval(script.text(), keys, args);
        }
    }

    /** A Lua script and its SHA-1, the name Redis caches it under. */
    private record Script(String text, String sha1) {
        static Script of(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(text, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void enqueue(String queue, UUID taskId) {
        enqueueAll(queue, List.of(taskId));
    }

    @Override
    public void enqueueAll(String queue, List<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(taskIds.size() * 2);
        for (UUID id : taskIds) {
            args.add(Json.writeStrings(Map.of("task_id", id.toString(), "queue", queue)));
            args.add(id.toString());
        }
        run(ENQUEUE, List.of(stream(queue), members(queue)), args);
    }

    @Override
    public List<Delivery> take(String consumer, boolean ownPending, Duration block, int max) {
        // Sent and read raw: Jedis's stream reply builders make a StreamEntryID (by String.split) and a field map of
        // every message, code that the JIT compiled late, in the queue bench's measured batch.
        List<String> args = new ArrayList<>(List.of("GROUP", GROUP, consumer, "COUNT"));
        // Own leftovers all at once; new ones as many as the slot asks for (one, or a few to claim ahead).
        args.add(Integer.toString(ownPending ? 100 : Math.max(1, max)));
        if (!ownPending) {
            args.add("BLOCK");
            args.add(Long.toString(block.toMillis()));
        }
        args.add("STREAMS");
        QUEUES.forEach(q -> args.add(stream(q)));
        QUEUES.forEach(q -> args.add(ownPending ? "0" : ">"));
        String[] command = args.toArray(String[]::new);
        Object reply;
        try {
            reply = ownPending
                    ? redis.sendCommand(Protocol.Command.XREADGROUP, command)
                    : redis.sendBlockingCommand(Protocol.Command.XREADGROUP, command);
        } catch (JedisDataException e) {
            String error = String.valueOf(e.getMessage());
            if (error.startsWith("NOGROUP") || error.startsWith("UNBLOCKED")) {
                // The stream or its group is gone (Redis restarted empty, flushed while this read waited):
                // recreate, the reconciler refills.
                QUEUES.forEach(this::ensureGroup);
                return List.of();
            }
            throw e;
        }
        List<Delivery> out = new ArrayList<>();
        if (reply == null) {
            return out; // the block timed out
        }
        // RESP2 (RedisClients opens no RESP3 connection): [[stream, [entry, ...]], ...]
        for (Object perStream : (List<?>) reply) {
            List<?> streamAndEntries = (List<?>) perStream;
            String queue = value(streamAndEntries.get(0)).substring(prefix.length());
            addDeliveries(queue, (List<?>) streamAndEntries.get(1), out);
        }
        return out;
    }

    @Override
    public List<Delivery> reclaim(String consumer, Duration minIdle, int count) {
        List<Delivery> out = new ArrayList<>();
        for (String q : QUEUES) {
            Object reply;
            try {
                reply = redis.sendCommand(
                        Protocol.Command.XAUTOCLAIM,
                        stream(q),
                        GROUP,
                        consumer,
                        Long.toString(minIdle.toMillis()),
                        "0-0",
                        "COUNT",
                        Integer.toString(count));
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                    throw e;
                }
                continue;
            }
            // [next start id, [entry, ...], deleted ids (Redis 7: entries deleted meanwhile, already dropped)]
            addDeliveries(q, (List<?>) ((List<?>) reply).get(1), out);
        }
        return out;
    }

    /** Stream entries of a raw reply, each {@code [id, [field, value, ...]]}; the fields nil for a deleted one. */
    private void addDeliveries(String queue, List<?> entries, List<Delivery> out) {
        for (Object entry : entries) {
            if (entry instanceof List<?> idAndFields) {
                toDelivery(queue, value(idAndFields.get(0)), (List<?>) idAndFields.get(1))
                        .ifPresent(out::add);
            }
        }
    }

    /**
     * A message that is not ours to read is settled at once and logged; a poison message must not loop. {@code
     * fields} as Redis sends them (name, value, …); null for an entry deleted after its delivery (settled by another
     * consumer): only its id is left in the pending list.
     */
    private Optional<Delivery> toDelivery(String queue, String messageId, List<?> fields) {
        if (fields == null) {
            redis.xack(stream(queue), GROUP, new StreamEntryID(messageId));
            return Optional.empty();
        }
        try {
            String body = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (FIELD.equals(value(fields.get(i)))) {
                    body = value(fields.get(i + 1));
                }
            }
            if (body == null) {
                throw new IllegalArgumentException("no '" + FIELD + "' field");
            }
            Map<String, String> task = Json.readStrings(body);
            return Optional.of(new Delivery(queue, messageId, UUID.fromString(String.valueOf(task.get("task_id")))));
        } catch (RuntimeException bad) {
            log.error("dropping unreadable message {} on {}: {}", messageId, stream(queue), bad.getMessage());
            StreamEntryID id = new StreamEntryID(messageId);
            redis.xack(stream(queue), GROUP, id);
            redis.xdel(stream(queue), id);
            return Optional.empty();
        }
    }

    /** A bulk string of a raw reply. */
    private static String value(Object reply) {
        return reply instanceof byte[] bulk ? new String(bulk, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    @Override
    public void settleAll(List<Delivery> deliveries) {
        Map<String, List<String>> byQueue = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            List<String> args = byQueue.computeIfAbsent(d.queue(), q -> new ArrayList<>(List.of(GROUP)));
            args.add(d.messageId());
            args.add(d.taskId().toString());
        }
        byQueue.forEach((queue, args) -> run(SETTLE, List.of(stream(queue), members(queue)), args));
    }

    @Override
    public Set<UUID> queued(String queue, Collection<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return Set.of();
        }
        List<UUID> ids = List.copyOf(taskIds);
        List<Boolean> present = redis.smismember(
                members(queue), ids.stream().map(UUID::toString).toArray(String[]::new));
        Set<UUID> out = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (Boolean.TRUE.equals(present.get(i))) {
                out.add(ids.get(i));
            }
        }
        return out;
    }

    /**
     * A marker key beside the streams: missing means Redis lost the daemon's keys since it was last set. SET NX
     * makes exactly one caller (of any node) the one that finds it missing.
     */
    @Override
    public boolean foundEmpty() {
        return "OK"
                .equals(redis.set(
                        prefix + "carrying",
                        "since " + java.time.Instant.now(),
                        SetParams.setParams().nx()));
    }

    @Override
    public long length(String queue) {
        return redis.xlen(stream(queue));
    }

    /** Creates the streams and their group; safe to call on every start. */
    public RedisReportQueue prepare() {
        QUEUES.forEach(this::ensureGroup);
        foundEmpty(); // a fresh Redis is not a lost one
        return this;
    }

    @Override
    public void close() {
        if (owned) {
            redis.close();
        }
    }
}
