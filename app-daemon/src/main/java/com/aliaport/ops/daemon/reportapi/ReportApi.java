package com.aliaport.ops.daemon.reportapi;

import static com.aliaport.ops.daemon.reportapi.ApiAnswers.guarded;
import static com.aliaport.ops.daemon.reportapi.ApiAnswers.ok;

import com.aliaport.ops.reportqueue.ReportEvents;
import com.aliaport.ops.reportqueue.ReportLinks;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkRefusedException;
import com.aliaport.ops.storage.ReportStorage;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The report endpoints of the contract: the seed's {@code /barinma/reports/generate} and
 * {@code /barinma/reports/status/{task_id}} exactly as its frontend reads them, the same for every type under
 * {@code /api/reports}, cancel, download, live progress (SSE), and the signed file links of folder storage.
 * Bearer tokens name the user; a user sees only their own tasks. Bad input is a 4xx naming the field, never a
 * 500. Answers: {@code {"success":true,"data":…,"message":…}} or {@code {"success":false,"error":{code,message}}}.
 */
public final class ReportApi {
    private static final int MAX_IDEMPOTENCY_KEY = 200;
    /** The longest {@code Prefer: wait} honoured: a caller wanting longer follows the task's status or events. */
    static final int MAX_PREFER_WAIT_SECONDS = 60;

    private final ReportQueueService service;
    private final ReportStorage storage;
    private final BearerTokens tokens;
    private final ReportStatusJson statusJson;
    private final ReportEventStream eventStream;

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
        this.tokens = new BearerTokens(usersByToken);
        this.statusJson =
                new ReportStatusJson(new ReportLinks(storage, service.settings().linkTtl(), clock));
        this.eventStream = new ReportEventStream(service, events, statusJson, clock, streamsPerUser);
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
        String user = tokens.authenticate(ctx);
        Map<String, Object> body = StrictJsonBody.read(ctx);
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
        Map<String, Object> data = statusJson.of(end, false);
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
        String user = tokens.authenticate(ctx);
        ReportTask t = ownTask(ctx, user);
        ok(ctx, 200, statusJson.of(t, seed), null);
    }

    private void list(Context ctx) {
        String user = tokens.authenticate(ctx);
        List<Map<String, Object>> tasks = service.recentOf(user, 50).stream()
                .map(t -> statusJson.of(t, false))
                .toList();
        ok(ctx, 200, tasks, null);
    }

    private void cancel(Context ctx) {
        String user = tokens.authenticate(ctx);
        ReportTask t = ownTask(ctx, user);
        ReportTask after = service.cancel(t.id());
        ok(
                ctx,
                200,
                statusJson.of(after, false),
                after.state() == ReportState.CANCELLED
                        ? "Görev iptal edildi."
                        : "İptal istendi; rapor birkaç saniye içinde duracak.");
    }

    private void download(Context ctx) {
        String user = tokens.authenticate(ctx);
        ReportTask t = ownTask(ctx, user);
        if (t.state() != ReportState.SUCCESS) {
            throw ApiError.of(
                    409, "NOT_READY", "report task " + t.id() + " is " + t.state() + "; nothing to download yet");
        }
        if (t.storageKey().isEmpty()) {
            throw ApiError.of(404, "NO_FILE", "report task " + t.id() + " makes no file");
        }
        URI link = statusJson
                .link(t)
                .orElseThrow(
                        () -> ApiError.of(410, "FILE_EXPIRED", "the report file of " + t.id() + " is no longer kept"));
        ctx.redirect(link.toString(), HttpStatus.FOUND);
    }

    /** Live progress of the user's own task: {@link ReportEventStream}. */
    private void events(Context ctx) throws IOException {
        String user = tokens.authenticate(ctx);
        eventStream.serve(ctx, user, ownTask(ctx, user).id());
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

    private ReportTask ownTask(Context ctx, String user) {
        String raw = ctx.pathParam("task_id");
        UUID id;
        try {
            id = UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("task_id", "'" + ApiError.clip(raw) + "' is not a task id (UUID)");
        }
        // Another user's task answers exactly like a missing one: ids are not to be probed.
        return service.findOwn(id, user)
                .orElseThrow(() -> ApiError.of(404, "NOT_FOUND", "report task " + id + " not found"));
    }
}
