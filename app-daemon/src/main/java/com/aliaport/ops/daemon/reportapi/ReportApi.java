package com.aliaport.ops.daemon.reportapi;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.reportqueue.ReportEvents;
import com.aliaport.ops.reportqueue.ReportLinks;
import com.aliaport.ops.reportqueue.ReportQueueException;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkRefusedException;
import com.aliaport.ops.storage.ReportStorage;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report endpoints of the contract: the seed's {@code /barinma/reports/generate} and
 * {@code /barinma/reports/status/{task_id}} exactly as its frontend reads them, the same for every type under
 * {@code /api/reports}, cancel, download, live progress (SSE), and the signed file links of folder storage.
 * Bearer tokens name the user; a user sees only their own tasks. Bad input is a 4xx naming the field, never a
 * 500. Answers: {@code {"success":true,"data":…,"message":…}} or {@code {"success":false,"error":{code,message}}}.
 */
public final class ReportApi {
    private static final Logger log = LoggerFactory.getLogger(ReportApi.class);
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int MAX_IDEMPOTENCY_KEY = 200;
    /** The longest {@code Prefer: wait} honoured: a caller wanting longer follows the task's status or events. */
    static final int MAX_PREFER_WAIT_SECONDS = 60;

    private static final Duration SSE_FALLBACK_POLL = Duration.ofSeconds(2);
    /**
     * A comment line on a quiet stream. It keeps proxies from closing the stream and is also how a client that
     * went away is noticed: the server learns of a closed connection only when a write to it fails, so its
     * stream slot is free again within two of these.
     */
    private static final Duration SSE_KEEPALIVE = Duration.ofSeconds(5);

    private static final Duration SSE_MAX = Duration.ofMinutes(15);

    /**
     * Request bodies are read strictly: a key given twice or anything after the one JSON value is refused,
     * so that what the caller meant is never guessed (lenient parsers differ on which duplicate wins).
     */
    private static final ObjectReader STRICT_BODY = Json.MAPPER
            .reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ReportQueueService service;
    private final ReportStorage storage;
    private final ReportEvents events;
    private final Map<String, String> usersByToken;
    private final Clock clock;
    private final int streamsPerUser;
    /** Open event streams per user on this node; a user without one has no entry. */
    private final ConcurrentHashMap<String, Integer> openStreams = new ConcurrentHashMap<>();

    private final ReportLinks links;

    public ReportApi(
            ReportQueueService service,
            ReportStorage storage,
            ReportEvents events,
            Map<String, String> usersByToken,
            Clock clock,
            int streamsPerUser) {
        if (streamsPerUser < 1) {
            throw new IllegalArgumentException("streamsPerUser must be at least 1, was " + streamsPerUser);
        }
        this.service = service;
        this.storage = storage;
        this.events = events;
        this.usersByToken = Map.copyOf(usersByToken);
        this.clock = clock;
        this.streamsPerUser = streamsPerUser;
        this.links = new ReportLinks(storage, service.settings().linkTtl(), clock);
    }

    public void register(Javalin app) {
        app.post("/barinma/reports/generate", guarded(ctx -> generate(ctx, "barinma", true)));
        app.get("/barinma/reports/status/{task_id}", guarded(ctx -> status(ctx, true)));
        app.get("/api/reports", guarded(this::list));
        app.post("/api/reports/{type}", guarded(ctx -> generate(ctx, ctx.pathParam("type"), false)));
        app.get("/api/reports/{task_id}", guarded(ctx -> status(ctx, false)));
        app.delete("/api/reports/{task_id}", guarded(this::cancel));
        app.get("/api/reports/{task_id}/download", guarded(this::download));
        app.get("/api/reports/{task_id}/events", guarded(this::events));
        if (storage instanceof FolderReportStorage folder) {
            app.get(FolderReportStorage.ROUTE + "<key>", guarded(ctx -> file(ctx, folder)));
        }
    }

    // --- handlers ---------------------------------------------------------------------------------------

    private void generate(Context ctx, String type, boolean seed) {
        String user = authenticate(ctx);
        Map<String, Object> body = jsonObjectBody(ctx);
        Optional<String> key = Optional.ofNullable(ctx.header("Idempotency-Key"))
                .map(String::strip)
                .filter(k -> !k.isEmpty());
        if (key.isPresent()
                && (key.get().length() > MAX_IDEMPOTENCY_KEY
                        || !key.get().chars().allMatch(c -> c >= 0x21 && c < 0x7f))) {
            throw ApiError.badField(
                    "Idempotency-Key", "must be 1.." + MAX_IDEMPOTENCY_KEY + " visible ASCII characters");
        }
        if (!type.matches("[a-z0-9-]{1,40}")) {
            throw ApiError.badField(
                    "type", "unknown report type '" + type + "' (known: " + String.join(", ", service.types()) + ")");
        }
        var request = new ReportQueueService.SubmitRequest(type, body, user, key);
        OptionalInt wait = seed ? OptionalInt.empty() : preferredWait(ctx.header("Prefer"));
        if (wait.isPresent()) {
            generateAndWait(ctx, request, wait.getAsInt());
            return;
        }
        ReportQueueService.Submission s = service.submit(request);
        ReportTask t = s.task();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", t.id().toString());
        // A new submission reads PENDING (accepted, queued), as the seed's Celery answered: a slot of this node may
        // have claimed it in its insert already, as any worker may a moment after the answer.
        data.put("status", s.created() ? ReportState.PENDING.name() : t.state().name());
        if (!seed) {
            data.put("type", t.type());
            data.put("status_url", "/api/reports/" + t.id());
            ctx.header("Location", "/api/reports/" + t.id());
        }
        ok(
                ctx,
                seed || !s.created() ? 200 : 202,
                data,
                s.created()
                        ? "Rapor oluşturma başlatıldı. Task ID ile progress takip edebilirsiniz."
                        : "Bu Idempotency-Key ile daha önce oluşturulan görev.");
    }

    /**
     * {@code Prefer: wait=N} (RFC 7240) on a submission: the answer waits up to N seconds (at most
     * {@link #MAX_PREFER_WAIT_SECONDS}) for the task's end. Ended: 200 with its status, as {@code GET} gives it;
     * otherwise 202 with its state then. A quick report asked for this way, on a node with a slot waiting, has its
     * submission and result committed together (ReportQueueService.submitAndAwait).
     */
    private void generateAndWait(Context ctx, ReportQueueService.SubmitRequest request, int seconds) {
        ReportQueueService.Submission[] submitted = new ReportQueueService.Submission[1];
        ReportTask end;
        try {
            end = service.submitAndAwait(request, Duration.ofSeconds(seconds), s -> submitted[0] = s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.of(503, "UNAVAILABLE", "the daemon is stopping");
        }
        Map<String, Object> data = statusData(end, false);
        data.put("status_url", "/api/reports/" + end.id());
        ctx.header("Location", "/api/reports/" + end.id());
        ctx.header("Preference-Applied", "wait=" + seconds);
        ok(
                ctx,
                end.state().terminal() ? 200 : 202,
                data,
                !submitted[0].created()
                        ? "Bu Idempotency-Key ile daha önce oluşturulan görev."
                        : end.state().terminal()
                                ? "Rapor görevi tamamlandı."
                                : "Rapor oluşturma başlatıldı. Task ID ile progress takip edebilirsiniz.");
    }

    /** The seconds of a valid {@code wait} preference, capped; none when absent or not a whole number (ignored). */
    static OptionalInt preferredWait(String prefer) {
        if (prefer == null) {
            return OptionalInt.empty();
        }
        for (String preference : prefer.split(",")) {
            String[] nameValue = preference.split(";")[0].split("=", 2);
            if (nameValue.length == 2 && nameValue[0].strip().equalsIgnoreCase("wait")) {
                String value = nameValue[1].strip().replace("\"", "");
                if (value.matches("[0-9]{1,9}") && Integer.parseInt(value) > 0) {
                    return OptionalInt.of(Math.min(Integer.parseInt(value), MAX_PREFER_WAIT_SECONDS));
                }
            }
        }
        return OptionalInt.empty();
    }

    private void status(Context ctx, boolean seed) {
        String user = authenticate(ctx);
        ReportTask t = ownTask(ctx, user);
        ok(ctx, 200, statusData(t, seed), null);
    }

    private void list(Context ctx) {
        String user = authenticate(ctx);
        List<Map<String, Object>> tasks = service.recentOf(user, 50).stream()
                .map(t -> statusData(t, false))
                .toList();
        ok(ctx, 200, tasks, null);
    }

    private void cancel(Context ctx) {
        String user = authenticate(ctx);
        ReportTask t = ownTask(ctx, user);
        ReportTask after = service.cancel(t.id());
        ok(
                ctx,
                200,
                statusData(after, false),
                after.state() == ReportState.CANCELLED
                        ? "Görev iptal edildi."
                        : "İptal istendi; rapor birkaç saniye içinde duracak.");
    }

    private void download(Context ctx) {
        String user = authenticate(ctx);
        ReportTask t = ownTask(ctx, user);
        if (t.state() != ReportState.SUCCESS) {
            throw ApiError.of(
                    409, "NOT_READY", "report task " + t.id() + " is " + t.state() + "; nothing to download yet");
        }
        if (t.storageKey().isEmpty()) {
            throw ApiError.of(404, "NO_FILE", "report task " + t.id() + " makes no file");
        }
        URI link = link(t).orElseThrow(
                        () -> ApiError.of(410, "FILE_EXPIRED", "the report file of " + t.id() + " is no longer kept"));
        ctx.redirect(link.toString(), HttpStatus.FOUND);
    }

    /**
     * Server-Sent Events on the request thread (any {@code Accept} header, so plain clients work too): the
     * status at once and on every change, woken by {@code NOTIFY} with a slow poll as a fallback, until the
     * task ends, the client leaves, or 15 minutes pass (EventSource reconnects by itself). Each stream holds a
     * thread and a database read every few seconds, so a user has at most {@code streamsPerUser} at once on
     * this node; one more is a 429 until a stream ends.
     */
    private void events(Context ctx) throws IOException {
        String user = authenticate(ctx);
        UUID id = ownTask(ctx, user).id();
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
                Map<String, Object> data = statusData(t.get(), false);
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

    /** A signed folder-storage link: no Bearer token, the signature is the credential. */
    private void file(Context ctx, FolderReportStorage folder) throws IOException {
        String key = ctx.pathParam("key");
        String name = ctx.queryParam("name");
        FolderReportStorage.Download download;
        try {
            download = folder.download(key, name, ctx.queryParam("expires"), ctx.queryParam("signature"));
        } catch (LinkRefusedException e) {
            throw switch (e.reason()) {
                case EXPIRED -> ApiError.of(410, "LINK_EXPIRED", e.getMessage());
                case MISSING -> ApiError.of(410, "FILE_EXPIRED", e.getMessage());
                case TAMPERED -> ApiError.of(403, "LINK_INVALID", e.getMessage());
            };
        }
        ctx.header("Content-Disposition", download.contentDisposition());
        ctx.header("Cache-Control", "private, no-store");
        ctx.contentType(ReportStorage.XLSX);
        ctx.header("Content-Length", Long.toString(Files.size(download.file())));
        ctx.result(Files.newInputStream(download.file()));
    }

    // --- pieces -------------------------------------------------------------------------------------------

    /**
     * The status as the seed's frontend reads it. The seed's own endpoint keeps to its four states (STARTED
     * reads PROGRESS, CANCELLED reads FAILURE); {@code /api/reports} shows the real state.
     */
    private Map<String, Object> statusData(ReportTask t, boolean seed) {
        Map<String, Object> d = new LinkedHashMap<>();
        ReportState state = t.state();
        String shown = state.name();
        if (seed && state == ReportState.STARTED) {
            shown = ReportState.PROGRESS.name();
        } else if (seed && state == ReportState.CANCELLED) {
            shown = ReportState.FAILURE.name();
        }
        d.put("task_id", t.id().toString());
        d.put("type", t.type());
        d.put("state", shown);
        d.put("current", t.progress().current());
        d.put("total", t.progress().total() == 0 ? 100 : t.progress().total());
        switch (state) {
            case PENDING -> d.put("status", t.attempts() > 0 ? "Yeniden denenecek" : "Rapor kuyruğunda bekliyor");
            case STARTED, PROGRESS ->
                d.put(
                        "status",
                        t.cancelRequested()
                                ? "İptal ediliyor"
                                : t.progress().status().orElse("Başladı"));
            case SUCCESS -> {
                Optional<URI> link = link(t);
                d.put(
                        "status",
                        link.isPresent()
                                ? "Rapor hazır"
                                : t.storageKey().isEmpty() ? "Tamamlandı" : "Rapor dosyasının süresi doldu");
                link.ifPresent(l -> d.put("report_url", l.toString()));
                t.sizeBytes().ifPresent(s -> d.put("size_bytes", s));
            }
            case FAILURE -> d.put("status", "Rapor oluşturulamadı");
            case CANCELLED -> d.put("status", "İptal edildi");
        }
        // Never the stored detail (exception text, SQL, paths): it is for operators, in report_tasks and the log.
        t.publicError().ifPresent(e -> {
            d.put("error", e.message());
            d.put("error_code", e.code().name());
        });
        d.put("attempts", t.attempts());
        if (t.deadLettered()) {
            d.put("dead_lettered", true);
        }
        d.put("created_at", t.createdAt().toString());
        t.startedAt().ifPresent(s -> d.put("started_at", s.toString()));
        t.finishedAt().ifPresent(f -> d.put("finished_at", f.toString()));
        return d;
    }

    /** The link staff get ({@link ReportLinks}: the console's LINK_REPORT signs the same). */
    private Optional<URI> link(ReportTask t) {
        return links.link(t).map(ReportLinks.Link::url);
    }

    private ReportTask ownTask(Context ctx, String user) {
        String raw = ctx.pathParam("task_id");
        UUID id;
        try {
            id = UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("task_id", "'" + clip(raw) + "' is not a task id (UUID)");
        }
        // Another user's task answers exactly like a missing one: ids are not to be probed.
        return service.findOwn(id, user)
                .orElseThrow(() -> ApiError.of(404, "NOT_FOUND", "report task " + id + " not found"));
    }

    private String authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiError.of(401, "UNAUTHORIZED", "an Authorization: Bearer <token> header is required");
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        String user = null;
        // Compare with every token in constant time, so timing does not reveal how much of a token matched.
        for (Map.Entry<String, String> e : usersByToken.entrySet()) {
            if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), given)) {
                user = e.getValue();
            }
        }
        if (user == null) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw ApiError.of(401, "UNAUTHORIZED", "the Bearer token is not valid");
        }
        return user;
    }

    /** The request body as a JSON object, at most 1 MB; an empty body is an empty object. */
    private static Map<String, Object> jsonObjectBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw ApiError.of(413, "PAYLOAD_TOO_LARGE", "the request body is over 1 MB");
        }
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                buf.write(chunk, 0, n);
                if (buf.size() > MAX_BODY_BYTES) {
                    throw ApiError.of(413, "PAYLOAD_TOO_LARGE", "the request body is over 1 MB");
                }
            }
            bytes = buf.toByteArray();
        } catch (IOException e) {
            throw ApiError.badField("body", "the request body could not be read: " + e.getMessage());
        }
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = STRICT_BODY.readTree(bytes);
        } catch (StreamReadException e) {
            throw duplicateKey(e)
                    .map(name -> ApiError.badField(name, "'" + clip(name) + "' appears more than once in the body"))
                    .orElseGet(() -> ApiError.badField("body", "the request body is not valid JSON"));
        } catch (MismatchedInputException e) {
            // FAIL_ON_TRAILING_TOKENS: one JSON value, then more.
            throw ApiError.badField("body", "the request body has more after its JSON value");
        } catch (IOException e) {
            throw ApiError.badField("body", "the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badField("body", "the request body must be a JSON object of report filters");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.MAPPER.convertValue(node, Map.class);
        return map;
    }

    /**
     * A key given twice, as the strict parser found it: which of two values a report would read is not for
     * the parser to guess. Only the parser's own duplicate report is taken, never another syntax error.
     */
    private static Optional<String> duplicateKey(StreamReadException e) {
        if (e.getOriginalMessage() == null
                || !e.getOriginalMessage().startsWith("Duplicate field ")
                || !(e.getProcessor() instanceof JsonParser parser)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(parser.currentName());
        } catch (IOException notReadable) {
            return Optional.empty();
        }
    }

    private Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (ApiError e) {
                fail(ctx, e);
            } catch (InvalidReportParameterException e) {
                fail(ctx, ApiError.badField(e.field(), e.getMessage()));
            } catch (ReportQueueException.UnknownType e) {
                fail(ctx, ApiError.badField("type", e.getMessage()));
            } catch (ReportQueueException.RateLimited e) {
                fail(ctx, ApiError.retryLater(429, "RATE_LIMITED", e.getMessage(), e.retryAfter()));
            } catch (ReportQueueException.BacklogFull e) {
                fail(ctx, ApiError.retryLater(503, "QUEUE_FULL", e.getMessage(), e.retryAfter()));
            } catch (ReportQueueException.IdempotencyConflict e) {
                fail(
                        ctx,
                        new ApiError(
                                409,
                                "IDEMPOTENCY_KEY_REUSED",
                                e.getMessage(),
                                Optional.of("Idempotency-Key"),
                                Optional.empty()));
            } catch (ReportQueueException.NotCancellable | ReportQueueException.NotRequeueable e) {
                fail(ctx, ApiError.of(409, "CONFLICT", e.getMessage()));
            } catch (ReportQueueException.NotFound e) {
                fail(ctx, ApiError.of(404, "NOT_FOUND", e.getMessage()));
            } catch (org.jooq.exception.DataAccessException e) {
                log.warn("report API: database unavailable: {}", e.toString());
                fail(
                        ctx,
                        ApiError.retryLater(
                                503,
                                "UNAVAILABLE",
                                "the report database is unavailable; try again shortly",
                                Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                log.error("report API: {} {} failed", ctx.method(), ctx.path(), e);
                fail(ctx, ApiError.of(500, "INTERNAL", "internal error"));
            }
        };
    }

    private static void ok(Context ctx, int status, Object data, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("data", data);
        body.put("message", message);
        ctx.status(status).contentType("application/json; charset=utf-8").result(Json.write(body));
    }

    private static void fail(Context ctx, ApiError e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code);
        error.put("message", e.getMessage());
        e.field.ifPresent(f -> error.put("field", f));
        e.retryAfter.ifPresent(r -> ctx.header("Retry-After", Long.toString(Math.max(1, (r.toMillis() + 999) / 1000))));
        ctx.status(e.status)
                .contentType("application/json; charset=utf-8")
                .result(Json.write(Map.of("success", false, "error", error)));
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
