package com.aliaport.ops.daemon.reportapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.config.Secret;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportQueueSettings;
import com.aliaport.ops.reportqueue.db.PgReportEvents;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkSigner;
import com.aliaport.ops.storage.ReportFileHousekeeping;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestJobContext;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import com.aliaport.ops.testsupport.reports.TestReports;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The report HTTP API on a real Javalin, PostgreSQL, Redis and folder storage, with real workers. */
@ExtendWith(PostgresExtension.class)
class ReportApiIT {
    private static final String ALI = "tok-ali-0123456789";
    private static final String VELI = "tok-veli-0123456789";
    private static final String MARCH = "{\"date_from\":\"2026-03-01\",\"date_to\":\"2026-03-31\"";

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private ReportQueueFixture fixture;
    private PgReportEvents events;
    private Javalin app;
    private String base;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (events != null) {
            events.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(Database db, ReportQueueSettings settings, int slots) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        FolderReportStorage storage = new FolderReportStorage(
                dir.resolve("files"),
                URI.create(base),
                new LinkSigner(new Secret("0123456789abcdef0123")),
                Clock.systemUTC());
        // Wired as ReportQueueModule wires a node: its own waiters told first, submissions handed to a waiting slot.
        events = new PgReportEvents(db.dataSource()).start();
        fixture = new ReportQueueFixture(
                db,
                settings,
                storage,
                List.of(
                        TestReports.xlsx("barinma"),
                        TestReports.xlsx("manifest"),
                        TestReports.withoutFile("cache-refresh")),
                dir.resolve("scratch"),
                events);
        fixture.reconciler.start();
        ReportQueueService service = slots > 0
                ? fixture.serviceWith(fixture.startWorkers("api-node", slots).localSlots(), events)
                : fixture.service;
        ReportApi api = new ReportApi(service, storage, events, Map.of(ALI, "ali", VELI, "veli"), Clock.systemUTC(), 4);
        app = Javalin.create();
        api.register(app);
        app.start("127.0.0.1", port);
    }

    private record Answer(int status, JsonNode json, HttpResponse<byte[]> raw) {
        JsonNode data() {
            return json.get("data");
        }

        String errorField() {
            return json.path("error").path("field").asText(null);
        }
    }

    private Answer send(String method, String path, String token, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        JsonNode json = ct.startsWith("application/json") ? Json.MAPPER.readTree(r.body()) : null;
        return new Answer(r.statusCode(), json, r);
    }

    private Answer get(String path, String token) throws Exception {
        return send("GET", path, token, null, Map.of());
    }

    private Answer post(String path, String token, String body) throws Exception {
        return send("POST", path, token, body, Map.of());
    }

    private JsonNode pollUntilDone(String statusPath, String token, Set<String> statesSeen) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Answer a = get(statusPath, token);
            assertThat(a.status()).isEqualTo(200);
            String state = a.data().get("state").asText();
            statesSeen.add(state);
            if (Set.of("SUCCESS", "FAILURE", "CANCELLED").contains(state)) {
                return a.data();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not done in 30 s: " + statusPath);
    }

    @Test
    void the_seed_endpoints_run_a_report_end_to_end_and_its_link_downloads_the_xlsx(Database db) throws Exception {
        start(db, ReportQueueFixture.fast(), 2);

        Answer generated = post("/barinma/reports/generate", ALI, MARCH + ",\"rows\":30,\"row_ms\":30}");

        assertThat(generated.status()).isEqualTo(200);
        assertThat(generated.json().get("success").asBoolean()).isTrue();
        assertThat(generated.json().get("message").asText()).isNotBlank();
        assertThat(generated.data().get("status").asText()).isEqualTo("PENDING");
        String id = generated.data().get("task_id").asText();
        Set<String> seen = new HashSet<>();
        JsonNode done = pollUntilDone("/barinma/reports/status/" + id, ALI, seen);
        assertThat(seen).isSubsetOf("PENDING", "PROGRESS", "SUCCESS").contains("PROGRESS", "SUCCESS");
        assertThat(done.get("status").asText()).isEqualTo("Rapor hazır");
        assertThat(done.get("current").asLong())
                .isEqualTo(done.get("total").asLong())
                .isEqualTo(30);

        HttpResponse<byte[]> file = http.send(
                HttpRequest.newBuilder(URI.create(done.get("report_url").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("application/vnd.openxmlformats");
        assertThat(file.headers().firstValue("Content-Disposition"))
                .get()
                .asString()
                .matches("attachment; filename=\"barinma_\\d{8}_\\d{6}\\.xlsx\".*");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).contains("xl/workbook.xml", "xl/worksheets/sheet1.xml");
    }

    @Test
    void every_type_has_submit_status_list_and_download_under_api_reports(Database db) throws Exception {
        start(db, ReportQueueFixture.fast(), 1);

        Answer created = post("/api/reports/manifest", ALI, MARCH + "}");
        assertThat(created.status()).isEqualTo(202);
        String id = created.data().get("task_id").asText();
        assertThat(created.raw().headers().firstValue("Location")).contains("/api/reports/" + id);
        JsonNode done = pollUntilDone("/api/reports/" + id, ALI, new HashSet<>());
        assertThat(done.get("state").asText()).isEqualTo("SUCCESS");
        assertThat(done.get("type").asText()).isEqualTo("manifest");

        Answer download = get("/api/reports/" + id + "/download", ALI);
        assertThat(download.status()).isEqualTo(302);
        String location = download.raw().headers().firstValue("Location").orElseThrow();
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(location)).build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .statusCode())
                .isEqualTo(200);
        Answer list = get("/api/reports", ALI);
        assertThat(list.data().findValuesAsText("task_id")).contains(id);
    }

    @Test
    void prefer_wait_answers_with_the_end_of_a_quick_report_and_with_202_for_one_still_running(Database db)
            throws Exception {
        start(db, ReportQueueFixture.fast(), 1);

        Answer quick = send("POST", "/api/reports/cache-refresh", ALI, "{}", Map.of("Prefer", "wait=10"));
        Answer slow = send(
                "POST",
                "/api/reports/barinma",
                ALI,
                MARCH + ",\"rows\":20,\"row_ms\":100}",
                Map.of("Prefer", "respond-async, wait=1"));

        assertThat(quick.status()).isEqualTo(200);
        assertThat(quick.raw().headers().firstValue("Preference-Applied")).contains("wait=10");
        assertThat(quick.data().get("state").asText()).isEqualTo("SUCCESS");
        assertThat(quick.data().get("status").asText()).isEqualTo("Tamamlandı");
        String id = quick.data().get("task_id").asText();
        assertThat(get("/api/reports/" + id, ALI).data().get("state").asText()).isEqualTo("SUCCESS");
        assertThat(slow.status()).isEqualTo(202);
        assertThat(slow.raw().headers().firstValue("Preference-Applied")).contains("wait=1");
        assertThat(slow.data().get("state").asText()).isIn("STARTED", "PROGRESS");
        assertThat(slow.raw().headers().firstValue("Location"))
                .contains("/api/reports/" + slow.data().get("task_id").asText());
        JsonNode done =
                pollUntilDone("/api/reports/" + slow.data().get("task_id").asText(), ALI, new HashSet<>());
        assertThat(done.get("state").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void a_task_that_makes_no_file_reads_as_done_and_has_nothing_to_download(Database db) throws Exception {
        start(db, ReportQueueFixture.fast(), 1);

        String id = post("/api/reports/cache-refresh", ALI, "{}")
                .data()
                .get("task_id")
                .asText();
        JsonNode done = pollUntilDone("/api/reports/" + id, ALI, new HashSet<>());

        assertThat(done.get("state").asText()).isEqualTo("SUCCESS");
        assertThat(done.get("status").asText()).isEqualTo("Tamamlandı");
        assertThat(done.has("report_url")).isFalse();
        Answer download = get("/api/reports/" + id + "/download", ALI);
        assertThat(download.status()).isEqualTo(404);
        assertThat(download.json().path("error").path("code").asText()).isEqualTo("NO_FILE");
    }

    @Test
    void the_events_stream_pushes_progress_until_the_report_ends(Database db) throws Exception {
        start(db, ReportQueueFixture.fast(), 1);
        String id = post("/api/reports/barinma", ALI, MARCH + ",\"rows\":20,\"row_ms\":50}")
                .data()
                .get("task_id")
                .asText();

        HttpResponse<java.io.InputStream> stream = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/reports/" + id + "/events"))
                        .header("Authorization", "Bearer " + ALI)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        List<String> states = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("data:")) {
                    states.add(Json.MAPPER
                            .readTree(line.substring(5).strip())
                            .get("state")
                            .asText());
                }
            }
        }
        assertThat(states).contains("PROGRESS").last().isEqualTo("SUCCESS");
        assertThat(states.size()).isGreaterThan(2);
    }

    @Test
    void requests_need_a_valid_token_and_a_user_never_reaches_another_users_task(Database db) throws Exception {
        start(db, ReportQueueFixture.fast(), 0);
        String id = post("/api/reports/barinma", ALI, MARCH + "}")
                .data()
                .get("task_id")
                .asText();

        Answer none = post("/api/reports/barinma", null, MARCH + "}");
        Answer wrong = get("/api/reports/" + id, "not-a-token");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.raw().headers().firstValue("WWW-Authenticate"))
                .get()
                .asString()
                .startsWith("Bearer");
        assertThat(none.json().get("success").asBoolean()).isFalse();
        assertThat(none.json().path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(get("/barinma/reports/status/" + id, VELI).status()).isEqualTo(404);
        assertThat(get("/api/reports/" + id, VELI).status()).isEqualTo(404);
        assertThat(get("/api/reports/" + id + "/download", VELI).status()).isEqualTo(404);
        assertThat(get("/api/reports/" + id + "/events", VELI).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/reports/" + id, VELI, null, Map.of()).status())
                .isEqualTo(404);
        assertThat(get("/api/reports", VELI).data()).isEmpty();
        assertThat(get("/api/reports/" + id, ALI).status()).isEqualTo(200);
    }

    @Test
    void bad_input_gets_a_400_naming_the_field_or_a_413_and_never_a_500(Database db) throws Exception {
        start(db, ReportQueueFixture.fast(), 0);

        assertThat(post("/api/reports/barinma", ALI, "{\"date_from\":\"2026-02-30\",\"date_to\":\"2026-03-01\"}")
                        .errorField())
                .isEqualTo("date_from");
        assertThat(post("/api/reports/barinma", ALI, "{\"date_from\":\"2026-03-10\",\"date_to\":\"2026-03-01\"}")
                        .errorField())
                .isEqualTo("date_to");
        assertThat(post("/api/reports/barinma", ALI, "{\"date_to\":\"2026-03-01\"}")
                        .errorField())
                .isEqualTo("date_from");
        assertThat(post("/api/reports/barinma", ALI, MARCH + ",\"rows\":\"many\"}")
                        .errorField())
                .isEqualTo("rows");
        assertThat(post("/api/reports/yok-boyle", ALI, MARCH + "}").errorField())
                .isEqualTo("type");
        assertThat(post("/api/reports/barinma", ALI, "{not json").errorField()).isEqualTo("body");
        assertThat(post("/barinma/reports/generate", ALI, "[1,2]").errorField()).isEqualTo("body");
        assertThat(get("/api/reports/123-not-a-uuid", ALI).errorField()).isEqualTo("task_id");
        assertThat(send("POST", "/api/reports/barinma", ALI, MARCH + "}", Map.of("Idempotency-Key", "x".repeat(300)))
                        .errorField())
                .isEqualTo("Idempotency-Key");
        Answer huge = post("/api/reports/barinma", ALI, MARCH + ",\"pad\":\"" + "x".repeat(1_100_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().path("error").path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(huge.json().path("error").path("message").asText())
                .isEqualTo("the request body is over 1 MB (1000000 bytes)");
        for (String garbage : List.of(
                "",
                "null",
                "\"text\"",
                "{\"date_from\":null}",
                "{\"date_from\":[1],\"date_to\":{}}",
                "{\"date_from\":\"2026-03-01\",\"date_to\":\"9999999-01-01\"}",
                "\u0000\u0001",
                "{\"a\":1e999999}")) {
            Answer a = post("/api/reports/barinma", ALI, garbage);
            assertThat(a.status()).as("body %s", garbage).isBetween(400, 499);
            assertThat(a.json().get("success").asBoolean()).isFalse();
        }
        assertThat(fixture.tasks.openCount()).isZero();
    }

    @Test
    void over_the_rate_limit_is_429_and_over_the_backlog_is_503_both_with_retry_after(Database db) throws Exception {
        start(db, ReportQueueFixture.limited(2, 3), 0);

        assertThat(post("/api/reports/barinma", ALI, MARCH + "}").status()).isEqualTo(202);
        assertThat(post("/api/reports/barinma", ALI, MARCH + "}").status()).isEqualTo(202);
        Answer limited = post("/api/reports/barinma", ALI, MARCH + "}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(
                        limited.raw().headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1, 60);

        assertThat(post("/api/reports/barinma", VELI, MARCH + "}").status()).isEqualTo(202);
        Answer full = post("/api/reports/barinma", VELI, MARCH + "}");
        assertThat(full.status()).isEqualTo(503);
        assertThat(full.json().path("error").path("code").asText()).isEqualTo("QUEUE_FULL");
        assertThat(full.raw().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void the_same_idempotency_key_returns_the_same_task(Database db) throws Exception {
        start(db, ReportQueueFixture.fast(), 0);
        Map<String, String> key = Map.of("Idempotency-Key", "form-42");

        Answer first = send("POST", "/api/reports/barinma", ALI, MARCH + "}", key);
        Answer second = send(
                "POST", "/api/reports/barinma", ALI, "{\"date_to\":\"2026-03-31\",\"date_from\":\"2026-03-01\"}", key);
        Answer other = send("POST", "/api/reports/barinma", ALI, MARCH + ",\"cari_code\":\"C1\"}", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.data().get("task_id").asText())
                .isEqualTo(first.data().get("task_id").asText());
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.errorField()).isEqualTo("Idempotency-Key");
        assertThat(fixture.tasks.openCount()).isEqualTo(1);
    }

    @Test
    void delete_cancels_a_pending_task_and_a_finished_one_is_a_conflict(Database db) throws Exception {
        start(db, ReportQueueFixture.fast(), 0);
        String id = post("/api/reports/barinma", ALI, MARCH + "}")
                .data()
                .get("task_id")
                .asText();

        Answer cancelled = send("DELETE", "/api/reports/" + id, ALI, null, Map.of());
        Answer again = send("DELETE", "/api/reports/" + id, ALI, null, Map.of());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.data().get("state").asText()).isEqualTo("CANCELLED");
        assertThat(again.status()).isEqualTo(409);
        // The seed's endpoint keeps to its four states: a cancelled task reads FAILURE there.
        assertThat(get("/barinma/reports/status/" + id, ALI).data().get("state").asText())
                .isEqualTo("FAILURE");
        assertThat(get("/api/reports/" + id + "/download", ALI).status()).isEqualTo(409);
    }

    @Test
    void tampered_and_expired_links_are_refused_and_an_expired_file_reads_as_gone(Database db) throws Exception {
        start(db, ReportQueueFixture.withLinkTtl(ReportQueueFixture.fast(), Duration.ofSeconds(2)), 1);
        String id = post("/api/reports/barinma", ALI, MARCH + "}")
                .data()
                .get("task_id")
                .asText();
        String url = pollUntilDone("/api/reports/" + id, ALI, new HashSet<>())
                .get("report_url")
                .asText();
        assertThat(get(url, null).status()).isEqualTo(200);

        assertThat(get(url.replaceAll("signature=[^&]+", "signature=AAAA"), null)
                        .status())
                .isEqualTo(403);
        assertThat(get(url.replaceAll("expires=(\\d+)", "expires=9999999999"), null)
                        .status())
                .isEqualTo(403);
        assertThat(get(url.replace("/ali/", "/veli/"), null).status()).isEqualTo(403);
        assertThat(get(url.replaceAll("name=[^&]+", "name=other.xlsx"), null).status())
                .isEqualTo(403);
        // Links signed with the daemon's own secret for files outside the reports tree pass the signature check
        // and are refused by the key guard (a forged link stops earlier, at "the link's signature does not match").
        Files.writeString(dir.resolve("files/outside.txt"), "TOP-SECRET-CONTENT");
        Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        FolderReportStorage folder = (FolderReportStorage) fixture.storage;
        for (String key : List.of("outside.txt", "reports/../outside.txt", "reports/../../secret.txt")) {
            Answer refused =
                    get(folder.link(key, "r.xlsx", Duration.ofMinutes(5)).toString(), null);

            assertThat(refused.status()).as(key).isEqualTo(403);
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("LINK_INVALID");
            assertThat(refused.json().path("error").path("message").asText())
                    .as(key)
                    .startsWith("not a report key: ");
            assertThat(new String(refused.raw().body(), StandardCharsets.UTF_8)).doesNotContain("TOP-SECRET-CONTENT");
        }
        Thread.sleep(2_500);
        Answer expired = get(url, null);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.json().path("error").path("code").asText()).isEqualTo("LINK_EXPIRED");

        // Housekeeping removes the file once the task's file expiry passed: the status stops offering a link.
        db.dsl()
                .execute(
                        "UPDATE report_tasks SET file_expires_at = now() - interval '1 minute' WHERE id = ?::uuid", id);
        new ReportFileHousekeeping(fixture.tasks, fixture.storage)
                .run(TestJobContext.manual(ReportFileHousekeeping.JOB_ID, Clock.systemUTC()));
        JsonNode after = get("/api/reports/" + id, ALI).data();
        assertThat(after.has("report_url")).isFalse();
        assertThat(after.get("status").asText()).contains("süresi doldu");
        assertThat(get("/api/reports/" + id + "/download", ALI).status()).isEqualTo(410);
        assertThat(DSL.using(db.dataSource(), org.jooq.SQLDialect.POSTGRES)
                        .fetchValue("select count(*) from report_tasks where file_deleted_at is not null", Long.class))
                .isEqualTo(1L);
    }
}
