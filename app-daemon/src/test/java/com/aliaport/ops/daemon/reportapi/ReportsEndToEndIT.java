package com.aliaport.ops.daemon.reportapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.XlsxTable;
import com.aliaport.ops.testsupport.TcpProxy;
import com.aliaport.ops.testsupport.TestPostgres;
import com.aliaport.ops.testsupport.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The report API as users meet it: one real daemon process from the jar (two worker slots, API tokens, folder
 * storage) over data seeded by the {@code seed} command; each real report submitted over HTTP and with
 * {@code reports submit --wait}, followed to SUCCESS, downloaded through the signed link and read back, its totals
 * compared with SQL. Then the real builders' 400s, the daemon's own 404 and 500 envelopes, and 503 while
 * PostgreSQL is cut off (through a TCP proxy, so the daemon's connections really break).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsEndToEndIT {
    private static final String TOKEN = "e2e-token-ayse-0123456789";
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");

    private ConnectionSettings direct;
    private ConnectionSettings proxied;
    private Database db;
    private TcpProxy proxy;
    private DaemonNode node;
    private Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    void start_one_daemon_over_seeded_data() throws IOException {
        direct = TestPostgres.newDatabase();
        db = Database.connect(direct, "test", 4);
        String[] hostPort = TestPostgres.hostPort().split(":");
        proxy = new TcpProxy(hostPort[0], Integer.parseInt(hostPort[1]));
        proxied = new ConnectionSettings(
                direct.jdbcUrl().replace(TestPostgres.hostPort(), "127.0.0.1:" + proxy.port()),
                direct.user(),
                direct.password());
        // A Redis database of this suite's own: other suites flush database 13 between their tests.
        String redis = TestRedis.uri().toString().replaceFirst("/\\d+$", "/12");
        env = new HashMap<>();
        env.put("ALIAPORT_REDIS_URL", redis);
        env.put("ALIAPORT_DIAGNOSTIC_JOBS", "false");
        env.put("ALIAPORT_REPORT_RATE_PER_MINUTE", "1000");
        env.put("ALIAPORT_REPORT_RETRY_BACKOFF_SECONDS", "1");
        env.put("ALIAPORT_STORAGE", "file:" + Files.createTempDirectory("e2e-reports"));
        env.put("ALIAPORT_LINK_SECRET", "e2e-link-secret-0123456789abcdef");

        DaemonNode.CliResult seed =
                DaemonNode.cli(proxied, env, "seed", "--movements", "4000", "--audit-events", "200", "--seed", "7");
        assertThat(seed.exitCode()).as(seed.stderr()).isZero();
        assertThat(seed.stdout()).isNotBlank();

        Map<String, String> daemonEnv = new HashMap<>(env);
        daemonEnv.put("ALIAPORT_WORKERS", "2");
        daemonEnv.put("ALIAPORT_API_TOKENS", "ayse:" + TOKEN);
        node = DaemonNode.start(proxied, "node-e2e", daemonEnv);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (db != null) {
            db.close();
        }
        TestPostgres.drop(direct);
    }

    // --- the reports, end to end ------------------------------------------------------------------------

    @Test
    @Order(1)
    void seed_fills_the_domain_tables_and_refuses_a_second_run_without_replace() {
        DSLContext dsl = db.dsl();
        assertThat(count(dsl, "cari_hesaplar")).isEqualTo(60);
        assertThat(count(dsl, "cari_hareketler")).isEqualTo(4000);
        assertThat(count(dsl, "manifestolar")).isEqualTo(40);
        assertThat(count(dsl, "barinma_kayitlari")).isEqualTo(1500);
        var again = DaemonNode.cli(proxied, env, "seed", "--movements", "10");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.errorLines()).hasSize(1).first().asString().startsWith("error: ");
        assertThat(count(dsl, "cari_hareketler")).isEqualTo(4000);
    }

    @Test
    @Order(2)
    void a_manifest_over_http_downloads_through_the_signed_link_with_the_sql_totals() {
        DSLContext dsl = db.dsl();
        long id = dsl.fetchOne("SELECT manifesto_id FROM manifesto_kalemleri GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
                .get(0, Long.class);

        XSSFWorkbook wb = XlsxTable.open(submitAndDownload("manifest", "{\"manifest_id\":" + id + "}"));

        XlsxTable items = XlsxTable.read(wb, "Manifesto", "Sıra");
        Record sums = dsl.fetchOne(
                "SELECT count(*) n, sum(kap_adedi) kap, sum(brut_kg) kg FROM manifesto_kalemleri WHERE manifesto_id = ?",
                id);
        assertThat(items.data).hasSize(sums.get("n", Integer.class));
        assertThat(items.total("Toplam").get("Kap Adedi")).isEqualTo(sums.get("kap", Double.class));
        assertThat(amount(items.total("Toplam"), "Brüt Kg", 3)).isEqualByComparingTo(sums.get("kg", BigDecimal.class));
    }

    @Test
    @Order(3)
    void a_barinma_summary_over_the_seeds_own_endpoint_has_the_sql_totals_per_currency() {
        DSLContext dsl = db.dsl();
        LocalDate to = LocalDate.now(ISTANBUL);
        LocalDate from = to.minusDays(180);
        HttpResponse<String> generated =
                post("/barinma/reports/generate", "{\"date_from\":\"" + from + "\",\"date_to\":\"" + to + "\"}", null);
        assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
        String id = json(generated).at("/data/task_id").asText();
        JsonNode done = awaitEnd("/barinma/reports/status/" + id);
        assertThat(done.at("/data/state").asText()).as(done.toString()).isEqualTo("SUCCESS");
        assertThat(done.at("/data/report_url").asText()).isNotBlank();

        XSSFWorkbook wb =
                XlsxTable.open(fetchLink(URI.create(done.at("/data/report_url").asText())));
        XlsxTable detail = XlsxTable.read(wb, "Konaklamalar", "Giriş");
        String period = "giris >= '%s 00:00'::timestamp AT TIME ZONE 'Europe/Istanbul'".formatted(from)
                + " AND giris < '%s 00:00'::timestamp AT TIME ZONE 'Europe/Istanbul'".formatted(to.plusDays(1));
        long stays = dsl.fetchOne("SELECT count(*) FROM barinma_kayitlari WHERE " + period)
                .get(0, Long.class);
        assertThat(stays).isPositive();
        assertThat(detail.data).hasSize((int) stays);
        for (Record r : dsl.fetch(
                "SELECT para_birimi, sum(tutar) t FROM barinma_kayitlari WHERE " + period + " GROUP BY para_birimi")) {
            assertThat(amount(detail.total("Toplam " + r.get("para_birimi", String.class)), "Tutar", 2))
                    .isEqualByComparingTo(r.get("t", BigDecimal.class));
        }
    }

    @Test
    @Order(4)
    void a_cari_ekstre_with_reports_submit_wait_has_the_sql_totals_and_reports_status_shows_it() {
        DSLContext dsl = db.dsl();
        String code = dsl.fetchOne(
                        "SELECT cari_kodu FROM cari_hareketler GROUP BY cari_kodu ORDER BY count(*) DESC LIMIT 1")
                .get(0, String.class);
        LocalDate to = LocalDate.now(ISTANBUL);
        LocalDate from = to.minusDays(365);

        var submit = DaemonNode.cli(
                proxied,
                env,
                "reports",
                "submit",
                "cari-ekstre",
                "--param",
                "cari_code=" + code,
                "--param",
                "date_from=" + from,
                "--param",
                "date_to=" + to,
                "--wait",
                "--timeout",
                "90");
        assertThat(submit.exitCode()).as(submit.stdout() + submit.stderr()).isZero();
        String id = submit.stdout().lines().findFirst().orElseThrow().strip();
        assertThat(submit.stdout()).contains("state:     SUCCESS");

        var status = DaemonNode.cli(proxied, env, "reports", "status", id);
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout())
                .contains("task:      " + id, "state:     SUCCESS", "file:      reports/cari-ekstre/");
        var missing = DaemonNode.cli(proxied, env, "reports", "status", "00000000-0000-0000-0000-000000000000");
        assertThat(missing.exitCode()).isEqualTo(1);
        var notUuid = DaemonNode.cli(proxied, env, "reports", "status", "abc");
        assertThat(notUuid.exitCode()).isEqualTo(2);

        // The CLI's task is not the API user's: the file is read from the folder the link would serve.
        String key = dsl.fetchOne("SELECT storage_key FROM report_tasks WHERE id = ?::uuid", id)
                .get(0, String.class);
        Path folder = Path.of(env.get("ALIAPORT_STORAGE").substring("file:".length()));
        XlsxTable t = XlsxTable.read(XlsxTable.open(read(folder.resolve(key))), "Ekstre", "Tarih");
        Record sums = dsl.fetchOne("""
                SELECT coalesce(sum(CASE WHEN h.para_birimi = 'TRY' THEN h.borc ELSE round(h.borc * r.alis / r.birim, 2) END), 0) AS borc_tl,
                       coalesce(sum(CASE WHEN h.para_birimi = 'TRY' THEN h.alacak ELSE round(h.alacak * r.alis / r.birim, 2) END), 0) AS alacak_tl,
                       count(*) AS n
                FROM cari_hareketler h
                LEFT JOIN LATERAL (SELECT alis, birim FROM kurlar k WHERE k.doviz_kodu = h.para_birimi AND k.tarih <= h.tarih
                                   ORDER BY k.tarih DESC LIMIT 1) r ON true
                WHERE h.cari_kodu = ? AND h.tarih BETWEEN ? AND ?
                """, code, from, to);
        assertThat(t.data).hasSize(sums.get("n", Integer.class) + 1); // the opening row, then every movement
        assertThat(amount(t.total("Dönem Toplamı"), "Borç (TL)", 2))
                .isEqualByComparingTo(sums.get("borc_tl", BigDecimal.class));
        assertThat(amount(t.total("Dönem Toplamı"), "Alacak (TL)", 2))
                .isEqualByComparingTo(sums.get("alacak_tl", BigDecimal.class));
    }

    @Test
    @Order(5)
    void the_report_metrics_count_the_tasks_that_succeeded() {
        // Three tasks ran: manifest and barinma (HTTP), cari-ekstre (CLI); the gauges are cached up to 5 s.
        String metrics = Await.until(
                Duration.ofSeconds(15),
                () -> node.get("/metrics").body(),
                body -> body.contains("report_task_total{state=\"SUCCESS\",task_name=\"cari-ekstre\"} 1.0"),
                "the report metrics to count the tasks");
        assertThat(metrics)
                .contains("report_task_total{state=\"SUCCESS\",task_name=\"manifest\"} 1.0")
                .contains("report_task_total{state=\"SUCCESS\",task_name=\"barinma\"} 1.0")
                .contains("report_task_total{state=\"FAILURE\",task_name=\"barinma\"} 0.0")
                .contains("report_queue_length{queue_name=\"reports\"} 0.0");
    }

    @Test
    @Order(6)
    void the_production_schedules_are_registered_with_their_cron_and_istanbul_zone() {
        Map<String, String> expected = Map.of(
                "kur_guncelleme_daily", "0 0 16 ? * MON-FRI",
                "audit_archive_daily", "0 0 3 * * ?",
                "audit_partition_maintenance", "0 30 2 * * ?",
                "report_housekeeping", "0 15 * * * ?",
                "job_history_housekeeping", "0 30 4 * * ?");
        Map<String, String> cron = new HashMap<>();
        for (Record r : db.dsl().fetch("""
                SELECT t.job_name, c.cron_expression, c.time_zone_id
                  FROM qrtz_triggers t JOIN qrtz_cron_triggers c
                       USING (sched_name, trigger_name, trigger_group)
                """)) {
            cron.put(r.get(0, String.class), r.get(1, String.class));
            assertThat(r.get(2, String.class)).as(r.get(0, String.class)).isEqualTo("Europe/Istanbul");
        }
        assertThat(cron).containsAllEntriesOf(expected);
    }

    // --- bad input and the daemon's own envelopes -------------------------------------------------------

    @Test
    @Order(10)
    void the_real_builders_answer_400_naming_the_field() {
        String code =
                db.dsl().fetchValue("SELECT min(cari_kodu) FROM cari_hesaplar").toString();
        assertBadField(
                "cari-ekstre",
                "{\"cari_code\":\"" + code + "\",\"date_from\":\"2026-01-01\","
                        + "\"date_to\":\"2026-02-01\",\"cari_kod\":\"x\"}",
                "cari_kod");
        assertBadField("manifest", "{\"manifest_id\":\"on iki\"}", "manifest_id");
        assertBadField("manifest", "{\"manifest_id\":[1]}", "manifest_id");
        assertBadField("barinma", "{\"date_from\":\"2026-03-31\",\"date_to\":\"2026-03-01\"}", "date_to");
        assertBadField("barinma", "{\"date_from\":\"31.03.2026\",\"date_to\":\"2026-04-01\"}", "date_from");
        assertBadField(
                "cari-ekstre",
                "{\"cari_code\":\"999.99.9999\",\"date_from\":\"2026-01-01\"," + "\"date_to\":\"2026-02-01\"}",
                "cari_code");
        assertBadField("no-such-report", "{}", "type");
        assertBadField("manifest", "[1,2]", "body");
        var cli = DaemonNode.cli(
                proxied,
                env,
                "reports",
                "submit",
                "barinma",
                "--param",
                "date_from=2026-03-31",
                "--param",
                "date_to=2026-03-01");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.errorLines()).hasSize(1).first().asString().contains("date_to");
    }

    @Test
    @Order(11)
    void unknown_paths_and_tasks_answer_the_404_envelope() throws IOException {
        HttpResponse<String> path = get("/api/no-such-thing", null);
        assertThat(path.statusCode()).isEqualTo(404);
        JsonNode body = json(path);
        assertThat(body.at("/success").asBoolean(true)).isFalse();
        assertThat(body.at("/error/code").asText()).isEqualTo("NOT_FOUND");

        HttpResponse<String> task = get("/api/reports/00000000-0000-0000-0000-000000000000", TOKEN);
        assertThat(task.statusCode()).isEqualTo(404);
        assertThat(json(task).at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(get("/api/reports", null).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(11)
    void a_body_over_1_mb_answers_413_with_one_message_whether_its_length_is_declared_or_not() {
        String huge = "{\"date_from\":\"2026-03-01\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}";
        // Two ways a body comes: with its length declared, or chunked without one (found too large only as it is read).
        HttpResponse<String> declared = post("/api/reports/barinma", huge, null);
        HttpResponse<String> chunked = send(request("/api/reports/barinma", TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))));
        for (HttpResponse<String> r : List.of(declared, chunked)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(json(r).at("/success").asBoolean(true)).isFalse();
            assertThat(json(r).at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(json(r).at("/error/message").asText())
                    .isEqualTo("the request body is over 1 MB (1000000 bytes)");
        }
        // The second was sent without a length: the daemon could not refuse it up front.
        assertThat(chunked.request().bodyPublisher().orElseThrow().contentLength())
                .isEqualTo(-1);
    }

    @Test
    @Order(12)
    void a_report_missing_a_rate_fails_at_once_with_the_message_and_is_not_retried() {
        // GIVEN a customer with one USD movement on a day before any USD rate
        DSLContext dsl = db.dsl();
        String code = dsl.fetchValue("SELECT min(cari_kodu) FROM cari_hesaplar").toString();
        LocalDate firstRate = dsl.fetchOne("SELECT min(tarih) FROM kurlar WHERE doviz_kodu = 'USD'")
                .get(0, LocalDate.class);
        LocalDate day = firstRate.minusDays(20);
        dsl.execute(
                "INSERT INTO cari_hareketler (cari_kodu, tarih, belge_no, aciklama, borc, alacak, para_birimi)"
                        + " VALUES (?, ?, 'E2E-NORATE', 'kur yok', 100, 0, 'USD')",
                code,
                day);

        // WHEN its statement is requested
        HttpResponse<String> posted = post(
                "/api/reports/cari-ekstre",
                "{\"cari_code\":\"" + code + "\",\"date_from\":\"" + day + "\",\"date_to\":\"" + day.plusDays(1)
                        + "\"}",
                null);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String id = json(posted).at("/data/task_id").asText();
        JsonNode end = awaitEnd("/api/reports/" + id);

        // THEN it fails on its first attempt, naming the currency, and no retry is scheduled
        assertThat(end.at("/data/state").asText()).isEqualTo("FAILURE");
        assertThat(end.at("/data/attempts").asInt()).isEqualTo(1);
        assertThat(end.at("/data/error").asText()).contains("USD");
        assertThat(end.at("/data/error_code").asText()).isEqualTo("REPORT_DATA");
        assertThat(db.dsl().fetchValue("SELECT dead_lettered FROM report_tasks WHERE id = ?::uuid", id))
                .isEqualTo(false);
    }

    @Test
    @Order(20)
    void while_postgresql_is_cut_off_the_api_answers_503_and_unexpected_faults_the_500_envelope() {
        proxy.cut();
        try {
            HttpResponse<String> submit = Await.until(
                    Duration.ofSeconds(30),
                    () -> post("/api/reports/manifest", "{\"manifest_id\":1}", null),
                    r -> r.statusCode() == 503,
                    "a 503 while the database is away");
            assertThat(json(submit).at("/error/code").asText()).isEqualTo("UNAVAILABLE");
            assertThat(submit.headers().firstValue("Retry-After")).isPresent();

            // The rates API has no guard of its own: the daemon's catch-all answers the 500 envelope.
            HttpResponse<String> rates = get("/api/kurlar?tarih=2019-01-02", null);
            assertThat(rates.statusCode()).isEqualTo(500);
            JsonNode body = json(rates);
            assertThat(body.at("/success").asBoolean(true)).isFalse();
            assertThat(body.at("/error/code").asText()).isEqualTo("INTERNAL");
            assertThat(body.at("/error/message").asText()).isEqualTo("internal error");
            assertThat(rates.body()).doesNotContain("Exception", "at com.");
        } finally {
            proxy.restore();
        }
        // AND the daemon serves again once PostgreSQL is back
        Await.until(
                Duration.ofSeconds(30),
                () -> get("/api/reports", TOKEN).statusCode(),
                s -> s == 200,
                "the API back after the outage");
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private byte[] submitAndDownload(String type, String body) {
        HttpResponse<String> posted = post("/api/reports/" + type, body, null);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        JsonNode data = json(posted).at("/data");
        assertThat(posted.headers().firstValue("Location"))
                .contains(data.at("/status_url").asText());
        JsonNode end = awaitEnd(data.at("/status_url").asText());
        assertThat(end.at("/data/state").asText()).as(end.toString()).isEqualTo("SUCCESS");
        HttpResponse<String> download = get(data.at("/status_url").asText() + "/download", TOKEN);
        assertThat(download.statusCode()).isEqualTo(302);
        URI link = URI.create(download.headers().firstValue("Location").orElseThrow());
        assertThat(link.getQuery()).contains("signature=");
        return fetchLink(link);
    }

    private byte[] fetchLink(URI link) {
        try {
            HttpResponse<byte[]> file =
                    http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                    .startsWith("attachment");
            return file.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode awaitEnd(String statusPath) {
        return Await.until(
                Duration.ofSeconds(90),
                () -> json(get(statusPath, TOKEN)),
                n -> n.at("/data/state").asText().matches("SUCCESS|FAILURE|CANCELLED"),
                "task " + statusPath + " to end");
    }

    private void assertBadField(String type, String body, String field) {
        HttpResponse<String> r = post("/api/reports/" + type, body, null);
        assertThat(r.statusCode()).as(body + " → " + r.body()).isEqualTo(400);
        JsonNode error = json(r).at("/error");
        assertThat(error.at("/code").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/field").asText()).as(r.body()).isEqualTo(field);
    }

    private HttpResponse<String> post(String path, String body, String idempotencyKey) {
        HttpRequest.Builder b = request(path, TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b);
    }

    private HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
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

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(DSLContext dsl, String table) {
        return dsl.fetchCount(dsl.selectFrom(table));
    }

    private static BigDecimal amount(Map<String, Object> row, String column, int scale) {
        Object v = row.get(column);
        assertThat(v).as(column + " in " + row).isInstanceOf(Double.class);
        return BigDecimal.valueOf((Double) v).setScale(scale, RoundingMode.HALF_UP);
    }
}
