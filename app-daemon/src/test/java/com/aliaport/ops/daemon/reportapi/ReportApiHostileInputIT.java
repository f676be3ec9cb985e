package com.aliaport.ops.daemon.reportapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.DeskTask;
import com.aliaport.ops.reportqueue.ReportDesk;
import com.aliaport.ops.testsupport.TestPostgres;
import com.aliaport.ops.testsupport.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and careless callers of the report API, on one real daemon process from the jar (one worker slot):
 * bodies with a key given twice or with more after the JSON, more event streams than a user may hold (real
 * sockets, one of them dropped), and a report that fails inside with SQL in its exception.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportApiHostileInputIT {
    private static final String TOKEN = "hostile-token-ayse-0123456789";
    private static final int STREAMS = 2;
    private static final String MARCH = "\"date_from\":\"2026-03-01\",\"date_to\":\"2026-03-31\"";

    private ConnectionSettings settings;
    private Database db;
    private DaemonNode node;
    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start_one_daemon() throws IOException {
        settings = TestPostgres.newDatabase();
        db = Database.connect(settings, "test", 3);
        Map<String, String> env = new HashMap<>();
        // A Redis database of this suite's own: other suites flush database 13 between their tests.
        env.put("ALIAPORT_REDIS_URL", TestRedis.uri().toString().replaceFirst("/\\d+$", "/11"));
        env.put("ALIAPORT_DIAGNOSTIC_JOBS", "false");
        env.put("ALIAPORT_WORKERS", "1");
        env.put("ALIAPORT_REPORT_RETRIES", "0");
        env.put("ALIAPORT_REPORT_RATE_PER_MINUTE", "1000");
        env.put("ALIAPORT_API_TOKENS", "ayse:" + TOKEN);
        env.put("ALIAPORT_SSE_STREAMS_PER_USER", Integer.toString(STREAMS));
        env.put("ALIAPORT_STORAGE", "file:" + Files.createTempDirectory("hostile-reports"));
        env.put("ALIAPORT_LINK_SECRET", "hostile-link-secret-0123456789");
        node = DaemonNode.start(settings, "node-hostile", env);
    }

    @AfterEach
    void close_sockets() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        if (db != null) {
            db.close();
        }
        TestPostgres.drop(settings);
    }

    // --- bodies --------------------------------------------------------------------------------------------

    @Test
    void a_key_given_twice_is_refused_naming_the_key_and_nothing_is_queued() {
        int before = tasks();
        HttpResponse<String> twice = post("/api/reports/barinma", "{" + MARCH + ",\"date_to\":\"2026-01-01\"}");

        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
        JsonNode error = json(twice).at("/error");
        assertThat(error.at("/code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/field").asText()).isEqualTo("date_to");
        assertThat(error.at("/message").asText()).contains("more than once");

        // the seed's own endpoint reads its body the same way
        HttpResponse<String> seed =
                post("/barinma/reports/generate", "{\"cari_code\":\"A\"," + MARCH + ",\"cari_code\":\"B\"}");
        assertThat(seed.statusCode()).as(seed.body()).isEqualTo(400);
        assertThat(json(seed).at("/error/field").asText()).isEqualTo("cari_code");
        assertThat(tasks()).isEqualTo(before);
    }

    @Test
    void anything_after_the_json_value_is_refused_naming_the_body_and_nothing_is_queued() {
        int before = tasks();
        for (String body : List.of(
                "{" + MARCH + "} trailing", "{" + MARCH + "}{\"date_to\":\"2026-01-01\"}", "{" + MARCH + "} []")) {
            HttpResponse<String> r = post("/api/reports/barinma", body);
            assertThat(r.statusCode()).as(body + " → " + r.body()).isEqualTo(400);
            assertThat(json(r).at("/error/code").asText()).isEqualTo("VALIDATION_ERROR");
            assertThat(json(r).at("/error/field").asText()).as(body).isEqualTo("body");
        }
        assertThat(tasks()).isEqualTo(before);

        // AND the same body without the trailing part is accepted (whitespace after it is no token)
        HttpResponse<String> clean = post("/api/reports/barinma", "{" + MARCH + "}\n  ");
        assertThat(clean.statusCode()).as(clean.body()).isEqualTo(202);
    }

    // --- event streams -------------------------------------------------------------------------------------

    @Test
    void a_user_gets_429_beyond_the_stream_cap_and_a_dropped_stream_frees_its_slot() throws Exception {
        // GIVEN a report that stays running: its table is locked until the test ends
        try (Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE barinma_kayitlari IN ACCESS EXCLUSIVE MODE");
            }
            String id = submit("{" + MARCH + "}");
            Await.until(
                    Duration.ofSeconds(30),
                    () -> json(get("/api/reports/" + id)).at("/data/state").asText(),
                    s -> s.equals("STARTED") || s.equals("PROGRESS"),
                    "the report to be running");

            // WHEN the user opens as many streams as allowed, on real connections
            Socket first = openStream(id);
            openStream(id);

            // THEN one more is refused with the JSON envelope and a Retry-After
            HttpResponse<String> refused = get("/api/reports/" + id + "/events");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(json(refused).at("/success").asBoolean(true)).isFalse();
            assertThat(json(refused).at("/error/code").asText()).isEqualTo("TOO_MANY_STREAMS");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();

            // AND when a client goes away without a word, its slot is free again (the next keep-alive fails)
            first.close();
            Socket again = Await.until(
                    Duration.ofSeconds(40), () -> tryStream(id), s -> s != null, "a stream slot to be freed");
            sockets.add(again);
            // and the count is kept, not reset: the cap holds again
            assertThat(get("/api/reports/" + id + "/events").statusCode()).isEqualTo(429);
            lock.rollback();
        }
    }

    // --- failures -------------------------------------------------------------------------------------------

    @Test
    void a_report_failing_with_sql_in_its_exception_shows_callers_a_code_and_keeps_the_detail_for_operators() {
        // GIVEN the report's table is gone, so its query fails with PostgreSQL's message and jOOQ's SQL text
        db.dsl().execute("ALTER TABLE barinma_kayitlari RENAME TO barinma_kayitlari_moved");
        try {
            String id = submit("{\"date_from\":\"2026-02-01\",\"date_to\":\"2026-02-28\"}");
            JsonNode end = Await.until(
                    Duration.ofSeconds(60),
                    () -> json(get("/api/reports/" + id)),
                    n -> n.at("/data/state").asText().equals("FAILURE"),
                    "the report to fail");

            // THEN the status, the seed's status, the event stream and `reports status` show a code and a safe message
            assertThat(end.at("/data/error_code").asText()).isEqualTo("INTERNAL");
            assertThat(end.at("/data/error").asText())
                    .contains("internal error")
                    .contains("task id");
            HttpResponse<String> seed = get("/barinma/reports/status/" + id);
            assertThat(json(seed).at("/data/error_code").asText()).isEqualTo("INTERNAL");
            HttpResponse<String> events = get("/api/reports/" + id + "/events");
            assertThat(events.body()).contains("event: progress").contains("\"error_code\":\"INTERNAL\"");
            var cli = DaemonNode.cli(
                    settings,
                    Map.of("ALIAPORT_REDIS_URL", TestRedis.uri().toString().replaceFirst("/\\d+$", "/11")),
                    "reports",
                    "status",
                    id);
            assertThat(cli.exitCode()).as(cli.stderr()).isZero();
            assertThat(cli.stdout()).contains("error:     INTERNAL: ");
            for (String shown : List.of(end.toString(), seed.body(), events.body(), cli.stdout())) {
                assertThat(shown).doesNotContain("barinma_kayitlari", "SQL", "Exception", "select", "ERROR:");
            }

            // AND operators keep the detail: report_tasks, the attempt, the report desk the console reads, the log
            String stored = db.dsl()
                    .fetchValue("SELECT error FROM report_tasks WHERE id = ?::uuid", id)
                    .toString();
            assertThat(stored).contains("barinma_kayitlari").contains("Exception");
            assertThat(db.dsl()
                            .fetchValue("SELECT error FROM report_task_attempts WHERE task_id = ?::uuid", id)
                            .toString())
                    .contains("barinma_kayitlari");
            DeskTask desk =
                    new ReportDesk(db.dsl()).byIds(List.of(UUID.fromString(id))).getFirst();
            assertThat(desk.error()).contains(stored);
            assertThat(node.logText()).contains(id).contains("barinma_kayitlari");
        } finally {
            db.dsl().execute("ALTER TABLE barinma_kayitlari_moved RENAME TO barinma_kayitlari");
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** Opens an event stream on a raw socket and reads up to its first event; the socket stays open. */
    private Socket openStream(String id) throws IOException {
        Socket s = tryStream(id);
        assertThat(s).as("a stream within the cap").isNotNull();
        sockets.add(s);
        return s;
    }

    /** The open socket of a 200 stream, or null (socket closed) when the daemon refused it. */
    private Socket tryStream(String id) {
        try {
            Socket s = new Socket("127.0.0.1", node.httpPort());
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/reports/" + id + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + TOKEN + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null || !status.contains(" 200 ")) {
                s.close();
                return null;
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("event: progress")) {
                    return s;
                }
            }
            s.close();
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String submit(String body) {
        HttpResponse<String> r = post("/api/reports/barinma", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).at("/data/task_id").asText();
    }

    private int tasks() {
        return db.dsl().fetchCount(db.dsl().selectFrom("report_tasks"));
    }

    private HttpResponse<String> post(String path, String body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.body(), e);
        }
    }
}
