package com.aliaport.ops.daemon.reportapi;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.reportqueue.ReportEvents;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportTask;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events on the request thread (any {@code Accept} header, so plain clients work too): the
 * status at once and on every change, woken by {@code NOTIFY} with a slow poll as a fallback, until the
 * task ends, the client leaves, or 15 minutes pass (EventSource reconnects by itself). Each stream holds a
 * thread and a database read every few seconds, so a user has at most {@code streamsPerUser} at once on
 * this node; one more is a 429 until a stream ends.
 */
final class ReportEventStream {
    private static final Logger log = LoggerFactory.getLogger(ReportEventStream.class);

    private static final Duration SSE_FALLBACK_POLL = Duration.ofSeconds(2);
    /**
     * A comment line on a quiet stream. It keeps proxies from closing the stream and is also how a client that
     * went away is noticed: the server learns of a closed connection only when a write to it fails, so its
     * stream slot is free again within two of these.
     */
    private static final Duration SSE_KEEPALIVE = Duration.ofSeconds(5);

    private static final Duration SSE_MAX = Duration.ofMinutes(15);

    private final ReportQueueService service;
    private final ReportEvents events;
    private final ReportStatusJson statusJson;
    private final Clock clock;
    private final int streamsPerUser;
    /** Open event streams per user on this node; a user without one has no entry. */
    private final ConcurrentHashMap<String, Integer> openStreams = new ConcurrentHashMap<>();

    ReportEventStream(
            ReportQueueService service,
            ReportEvents events,
            ReportStatusJson statusJson,
            Clock clock,
            int streamsPerUser) {
        this.service = service;
        this.events = events;
        this.statusJson = statusJson;
        this.clock = clock;
        this.streamsPerUser = streamsPerUser;
    }

    /** The events of {@code user}'s own task {@code id}, in a stream slot of theirs. */
    void serve(Context ctx, String user, UUID id) throws IOException {
        if (!takeStreamSlot(user)) {
            throw ApiError.retryLater(
                    429,
                    "TOO_MANY_STREAMS",
                    "you already have " + streamsPerUser + " open event streams on this server; close one, or poll "
                            + "/api/reports/" + id + " instead",
                    SSE_KEEPALIVE);
        }
        try {
            stream(ctx, user, id);
        } finally {
            releaseStreamSlot(user);
        }
    }

    private boolean takeStreamSlot(String user) {
        boolean[] taken = {false};
        openStreams.compute(user, (u, open) -> {
            int n = open == null ? 0 : open;
            if (n >= streamsPerUser) {
                return open;
            }
            taken[0] = true;
            return n + 1;
        });
        return taken[0];
    }

    private void releaseStreamSlot(String user) {
        openStreams.computeIfPresent(user, (u, open) -> open <= 1 ? null : open - 1);
    }

    private void stream(Context ctx, String user, UUID id) throws IOException {
        var res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        OutputStream out = res.getOutputStream();
        Semaphore changed = new Semaphore(0);
        try (ReportEvents.Subscription sub = events.subscribe(id, changed::release)) {
            Instant until = clock.instant().plus(SSE_MAX);
            Instant nextKeepAlive = clock.instant().plus(SSE_KEEPALIVE);
            Map<String, Object> last = null;
            while (clock.instant().isBefore(until)) {
                Optional<ReportTask> t = service.findOwn(id, user);
                if (t.isEmpty()) {
                    return;
                }
                Map<String, Object> data = statusJson.of(t.get(), false);
                if (!data.equals(last)) {
                    send(out, "event: progress\nid: " + clock.millis() + "\ndata: " + Json.write(data) + "\n\n");
                    last = data;
                    nextKeepAlive = clock.instant().plus(SSE_KEEPALIVE);
                }
                if (t.get().state().terminal()) {
                    return;
                }
                if (!clock.instant().isBefore(nextKeepAlive)) {
                    send(out, ": keep-alive\n\n");
                    nextKeepAlive = clock.instant().plus(SSE_KEEPALIVE);
                }
                changed.tryAcquire(SSE_FALLBACK_POLL.toMillis(), TimeUnit.MILLISECONDS);
                changed.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.debug("event stream of report task {} ended: {}", id, e.toString());
        }
    }

    private static void send(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
