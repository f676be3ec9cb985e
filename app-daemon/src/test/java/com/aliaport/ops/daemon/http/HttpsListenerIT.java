package com.aliaport.ops.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.testsupport.TestKeystore;
import com.aliaport.ops.testsupport.TestPostgres;
import com.aliaport.ops.testsupport.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The daemon's listener with {@code ALIAPORT_HTTP_TLS_KEYSTORE}: a real daemon process serving HTTPS with a
 * keystore made at test time, called by a client that trusts its certificate; and a keystore that cannot serve
 * stopping {@code run} with one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsListenerIT {
    private static final String TOKEN = "tls-token-ayse-0123456789";
    private static final String PASSWORD = "kestrel-0123";

    private ConnectionSettings db;
    private TestKeystore keystore;
    private Map<String, String> env;
    private DaemonNode node;

    @BeforeAll
    void start_a_daemon_serving_https() throws IOException {
        db = TestPostgres.newDatabase();
        Path dir = Files.createTempDirectory("tls");
        keystore = TestKeystore.create(dir, "daemon.p12", PASSWORD);
        env = new HashMap<>();
        env.put("ALIAPORT_REDIS_URL", TestRedis.uri().toString().replaceFirst("/\\d+$", "/10"));
        env.put("ALIAPORT_DIAGNOSTIC_JOBS", "false");
        env.put("ALIAPORT_WORKERS", "1");
        env.put("ALIAPORT_API_TOKENS", "ayse:" + TOKEN);
        env.put("ALIAPORT_STORAGE", "file:" + dir.resolve("reports"));
        env.put("ALIAPORT_LINK_SECRET", "tls-link-secret-0123456789abcdef");
        env.put("ALIAPORT_HTTP_TLS_KEYSTORE", keystore.file().toString());
        env.put("ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD", PASSWORD);
        node = DaemonNode.startHttps(db, "node-tls", env, keystore.trust());
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        TestPostgres.drop(db);
    }

    @Test
    void a_client_trusting_the_certificate_gets_health_and_a_report_over_https_with_an_https_download_link()
            throws Exception {
        assertThat(node.get("/api/scheduler/health").statusCode()).isEqualTo(200);
        assertThat(node.logText()).contains("HTTPS listening on 127.0.0.1:" + node.httpPort());

        try (HttpClient client = node.client()) {
            HttpResponse<String> posted = client.send(
                    HttpRequest.newBuilder(node.uri("/api/reports/barinma"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"date_from\":\"2026-03-01\",\"date_to\":\"2026-03-31\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            String status =
                    Json.MAPPER.readTree(posted.body()).at("/data/status_url").asText();
            JsonNode done = Await.until(
                    Duration.ofSeconds(60),
                    () -> read(client, node.uri(status)),
                    n -> n.at("/data/state").asText().matches("SUCCESS|FAILURE"),
                    "the report to end");
            assertThat(done.at("/data/state").asText()).as(done.toString()).isEqualTo("SUCCESS");
            // Folder-storage links point at this listener, so they are https too, and they download
            URI link = URI.create(done.at("/data/report_url").asText());
            assertThat(link.getScheme()).isEqualTo("https");
            HttpResponse<byte[]> file =
                    client.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).startsWith('P', 'K'); // an xlsx is a zip
        }
    }

    @Test
    void a_client_that_does_not_trust_the_certificate_fails_the_handshake_and_plain_http_gets_no_answer() {
        try (HttpClient untrusting = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> untrusting.send(
                            HttpRequest.newBuilder(node.uri("/api/scheduler/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
            URI plain = URI.create("http://127.0.0.1:" + node.httpPort() + "/api/scheduler/health");
            int status;
            try {
                status = untrusting
                        .send(
                                HttpRequest.newBuilder(plain)
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            } catch (IOException refused) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            assertThat(status).as("plain HTTP on the HTTPS port").isNotEqualTo(200);
        }
    }

    @Test
    void run_with_a_wrong_password_or_a_missing_keystore_stops_with_one_line_naming_the_setting() {
        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD", "not-the-password");
        var refused = DaemonNode.cli(db, wrong, "run");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.errorLines())
                .containsExactly(
                        "error: ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD: the password does not open " + keystore.file());

        Map<String, String> missing = new HashMap<>(env);
        missing.put("ALIAPORT_HTTP_TLS_KEYSTORE", "/nowhere/daemon.p12");
        var absent = DaemonNode.cli(db, missing, "run");
        assertThat(absent.exitCode()).isEqualTo(1);
        assertThat(absent.errorLines())
                .containsExactly("error: ALIAPORT_HTTP_TLS_KEYSTORE: /nowhere/daemon.p12 does not exist");
    }

    private static JsonNode read(HttpClient client, URI base) {
        try {
            return Json.MAPPER.readTree(client.send(
                            HttpRequest.newBuilder(base)
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
