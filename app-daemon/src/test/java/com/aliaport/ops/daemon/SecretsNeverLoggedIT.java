package com.aliaport.ops.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.TestPostgres;
import com.aliaport.ops.testsupport.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Every secret the daemon is given, configured for real and used for real by one daemon process from the jar (a
 * password-protected Redis user, API token, link secret, metrics password, webhook URL with its token, SMTP
 * password, EVDS key, database password in the URL and as a variable), through a whole run: start with the config
 * in a file others may read and a misspelt key, a diagnostic job failing every 2 s, an exchange-rate sync falling
 * back to an EVDS that echoes the key and alerting through a webhook that fails and an SMTP server that is not there, a report built
 * and downloaded through its signed link and one that fails, metrics read with and without the password, bad
 * configurations refused, SIGTERM. Then all it printed, stdout and stderr of every process, holds none of them.
 */
class SecretsNeverLoggedIT {
    private static final String DB_PASSWORD = "db-password-Q7x2";
    private static final String DB_URL_PASSWORD = "jdbc-url-password-K3v9";
    private static final String REDIS_PASSWORD = "redis-password-M4p8";
    private static final String API_TOKEN = "api-token-Z5r1-0123456789";
    private static final String LINK_SECRET = "link-secret-W2n6-0123456789";
    private static final String METRICS_PASSWORD = "metrics-password-H8c3";
    private static final String WEBHOOK_TOKEN = "webhook-token-J6d4";
    private static final String SMTP_PASSWORD = "smtp-password-B1f7";
    private static final String EVDS_KEY = "evds-key-T9g5";
    private static final List<String> SECRETS = List.of(
            DB_PASSWORD,
            DB_URL_PASSWORD,
            REDIS_PASSWORD,
            API_TOKEN,
            LINK_SECRET,
            METRICS_PASSWORD,
            WEBHOOK_TOKEN,
            SMTP_PASSWORD,
            EVDS_KEY);

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void no_configured_secret_appears_in_anything_a_whole_daemon_run_prints() throws Exception {
        ConnectionSettings db = TestPostgres.newDatabase();
        URI redis = TestRedis.uri();
        String redisUser = "aliaport-secrets-" + UUID.randomUUID();
        AtomicInteger webhookPosts = new AtomicInteger();
        AtomicInteger evdsRequests = new AtomicInteger();
        HttpServer sources = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> printed = new ArrayList<>();
        try (Jedis admin = new Jedis(redis);
                Database database = Database.connect(db, "secrets-test", 2)) {
            admin.aclSetUser(redisUser, "reset", "on", ">" + REDIS_PASSWORD, "~*", "&*", "+@all");
            // TCMB is down, EVDS answers an error that echoes the key it was sent; the webhook fails.
            sources.createContext("/tcmb", ex -> answer(ex, 503, "down"));
            sources.createContext("/evds", ex -> {
                evdsRequests.incrementAndGet();
                answer(ex, 500, "bad request for key " + ex.getRequestHeaders().getFirst("key"));
            });
            sources.createContext("/services", ex -> {
                webhookPosts.incrementAndGet();
                answer(ex, 500, "no");
            });
            sources.start();
            String local = "http://127.0.0.1:" + sources.getAddress().getPort();

            // GIVEN the secrets in a configuration file others may read, with a misspelt key beside them
            Path conf = Files.createTempFile("aliaport-secrets-", ".conf");
            Files.writeString(
                    conf,
                    String.join(
                            "\n",
                            "ALIAPORT_DB_PASSWORD=" + DB_PASSWORD,
                            "ALIAPORT_API_TOKENS=ayse:" + API_TOKEN,
                            "ALIAPORT_LINK_SECRET=" + LINK_SECRET,
                            "ALIAPORT_LINK_SECRT=" + LINK_SECRET,
                            "ALIAPORT_METRICS_USER=prom",
                            "ALIAPORT_METRICS_PASSWORD=" + METRICS_PASSWORD,
                            "ALIAPORT_ALERT_WEBHOOK_URL=" + local + "/services/T0/B0/" + WEBHOOK_TOKEN,
                            "ALIAPORT_SMTP_HOST=127.0.0.1",
                            "ALIAPORT_SMTP_PORT=" + DaemonNode.freePort(),
                            "ALIAPORT_SMTP_USER=alerts",
                            "ALIAPORT_SMTP_PASSWORD=" + SMTP_PASSWORD,
                            "ALIAPORT_SMTP_TO=ops@example.com",
                            "ALIAPORT_EVDS_API_KEY=" + EVDS_KEY,
                            ""));
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
            Map<String, String> env = new HashMap<>();
            env.put("ALIAPORT_CONFIG", conf.toString());
            env.put("ALIAPORT_DB_URL", db.jdbcUrl() + "?password=" + DB_URL_PASSWORD);
            // (in the environment: DaemonNode's own would win over the file's)
            env.put(
                    "ALIAPORT_REDIS_URL",
                    "redis://" + redisUser + ":" + REDIS_PASSWORD + "@" + redis.getHost() + ":" + redis.getPort()
                            + "/11");
            env.put("ALIAPORT_LOG_LEVEL", "DEBUG");
            env.put("ALIAPORT_TCMB_URL", local + "/tcmb");
            env.put("ALIAPORT_EVDS_URL", local + "/evds/");
            env.put("ALIAPORT_JOB_RETRIES", "0");
            env.put("ALIAPORT_ALERT_DEDUP_SECONDS", "0");
            env.put("ALIAPORT_DIAG_FAIL_CRON", "*/2 * * * * ?");
            env.put("ALIAPORT_STORAGE", "file:" + Files.createTempDirectory("secrets-reports"));
            env.put("ALIAPORT_REPORT_RATE_PER_MINUTE", "1000");

            DaemonNode.CliResult seed = DaemonNode.cli(
                    db, new HashMap<>(env), "seed", "--movements", "300", "--audit-events", "20", "--seed", "3");
            printed.add(seed.stdout() + seed.stderr());
            assertThat(seed.exitCode()).as(seed.stderr()).isZero();

            Map<String, String> daemonEnv = new HashMap<>(env);
            daemonEnv.put("ALIAPORT_WORKERS", "1");
            try (DaemonNode node = DaemonNode.start(db, "node-secrets", daemonEnv)) {
                // WHEN jobs fire and fail (diag_fail every 2 s; the rate sync over the failing sources)
                DaemonNode.CliResult trigger = DaemonNode.cli(
                        db, new HashMap<>(env), "jobs", "trigger", "kur_guncelleme_daily", "--date", "2024-03-01");
                printed.add(trigger.stdout() + trigger.stderr());
                assertThat(trigger.exitCode()).as(trigger.stderr()).isZero();
                Await.until(
                        Duration.ofSeconds(60),
                        () -> database.dsl()
                                .fetchValue("SELECT count(*) FROM job_runs WHERE status = 'FAILED'"
                                        + " AND job_id IN ('diag_fail', 'kur_guncelleme_daily')")
                                .toString(),
                        n -> Long.parseLong(n) >= 3
                                && Long.parseLong(database.dsl()
                                                .fetchValue("SELECT count(*) FROM job_runs WHERE job_id ="
                                                        + " 'kur_guncelleme_daily' AND status = 'FAILED'")
                                                .toString())
                                        >= 1,
                        "failed runs of diag_fail and kur_guncelleme_daily");
                Await.until(Duration.ofSeconds(30), webhookPosts::get, n -> n >= 1, "the sync's alert at the webhook");
                assertThat(evdsRequests.get()).as("the EVDS fallback was asked").isPositive();

                // AND a report is built and downloaded through its signed link, and another fails
                long manifest = database.dsl()
                        .fetchOne("SELECT manifesto_id FROM manifesto_kalemleri LIMIT 1")
                        .get(0, Long.class);
                Map.Entry<String, JsonNode> done = submit(node, "manifest", "{\"manifest_id\":" + manifest + "}");
                assertThat(done.getValue().at("/data/state").asText())
                        .as(done.getValue().toString())
                        .isEqualTo("SUCCESS");
                HttpResponse<String> download =
                        send(node, HttpRequest.newBuilder(uri(node, done.getKey() + "/download")));
                assertThat(download.statusCode()).isEqualTo(302);
                URI link = URI.create(download.headers().firstValue("Location").orElseThrow());
                assertThat(http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode())
                        .isEqualTo(200);
                String code = database.dsl()
                        .fetchValue("SELECT min(cari_kodu) FROM cari_hesaplar")
                        .toString();
                LocalDate day = database.dsl()
                        .fetchOne("SELECT min(tarih) FROM kurlar WHERE doviz_kodu = 'USD'")
                        .get(0, LocalDate.class)
                        .minusDays(20);
                database.dsl()
                        .execute(
                                "INSERT INTO cari_hareketler (cari_kodu, tarih, belge_no, aciklama, borc, alacak, para_birimi)"
                                        + " VALUES (?, ?, 'NORATE', 'kur yok', 100, 0, 'USD')",
                                code,
                                day);
                JsonNode failed = submit(
                                node,
                                "cari-ekstre",
                                "{\"cari_code\":\"" + code + "\",\"date_from\":\"" + day + "\",\"date_to\":\""
                                        + day.plusDays(1) + "\"}")
                        .getValue();
                assertThat(failed.at("/data/state").asText()).isEqualTo("FAILURE");

                // AND metrics are read with the password and refused with a wrong one
                assertThat(node.get("/metrics", "prom", METRICS_PASSWORD).statusCode())
                        .isEqualTo(200);
                assertThat(node.get("/metrics", "prom", "wrong").statusCode()).isEqualTo(401);
                assertThat(node.terminate(Duration.ofSeconds(60))).isZero();

                String log = node.logText();
                printed.add(log);
                // THEN the file's permissions and the misspelt key were reported at start
                assertThat(log)
                        .contains("the configuration " + conf + " is rw-r--r--: it holds passwords, make it 0640")
                        .contains("unknown setting ALIAPORT_LINK_SECRT in " + conf
                                + " is ignored (did you mean ALIAPORT_LINK_SECRET?)");
            }

            // AND bad configurations are refused without echoing what they hold
            for (Map.Entry<String, String> bad : Map.of(
                            "ALIAPORT_DB_URL",
                            "postgresql://aliaport:" + DB_PASSWORD + "@db/x?password=" + DB_URL_PASSWORD,
                            "ALIAPORT_ALERT_WEBHOOK_URL",
                            "htps://hooks.slack.com/services/T0/B0/" + WEBHOOK_TOKEN,
                            "ALIAPORT_REDIS_URL",
                            "http://" + redisUser + ":" + REDIS_PASSWORD + "@cache:6379")
                    .entrySet()) {
                Map<String, String> wrong = new HashMap<>(env);
                wrong.put(bad.getKey(), bad.getValue());
                DaemonNode.CliResult refused = DaemonNode.cli(db, wrong, "jobs", "list");
                printed.add(refused.stdout() + refused.stderr());
                assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(1);
                assertThat(refused.errorLines()).singleElement().asString().startsWith("error: " + bad.getKey());
            }
        } finally {
            sources.stop(0);
            try (Jedis admin = new Jedis(redis)) {
                admin.aclDelUser(redisUser);
            }
            TestPostgres.drop(db);
        }

        String all = String.join("\n", printed);
        assertThat(all).contains("aliaport daemon running on node node-secrets");
        for (String secret : SECRETS) {
            assertThat(all).as("output holding " + secret).doesNotContain(secret);
        }
    }

    /** Posts a report and follows it to its end: the status path and the final status. */
    private Map.Entry<String, JsonNode> submit(DaemonNode node, String type, String body) {
        HttpResponse<String> posted = send(
                node,
                HttpRequest.newBuilder(uri(node, "/api/reports/" + type))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String status = json(posted.body()).at("/data/status_url").asText();
        return Map.entry(
                status,
                Await.until(
                        Duration.ofSeconds(60),
                        () -> json(send(node, HttpRequest.newBuilder(uri(node, status)))
                                .body()),
                        j -> List.of("SUCCESS", "FAILURE")
                                .contains(j.at("/data/state").asText()),
                        "the end of the " + type + " report"));
    }

    private static URI uri(DaemonNode node, String path) {
        return URI.create("http://127.0.0.1:" + node.httpPort() + path);
    }

    private HttpResponse<String> send(DaemonNode node, HttpRequest.Builder request) {
        try {
            return http.send(
                    request.header("Authorization", "Bearer " + API_TOKEN)
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
