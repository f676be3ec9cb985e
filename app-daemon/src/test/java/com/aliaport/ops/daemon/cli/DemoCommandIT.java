package com.aliaport.ops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.testsupport.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code demo} as a new user runs it, on its embedded PostgreSQL (the test Redis, to keep it quick): it starts,
 * serves health, prints a demo API token with a curl line that works, and a Ctrl-C (SIGTERM) stops it with exit 0
 * and no ERROR in its log (the embedded server going down under a still-listening connection logged one).
 */
class DemoCommandIT {

    @Test
    void demo_serves_the_report_api_with_its_own_token_and_stops_cleanly_on_sigterm() throws Exception {
        int port = DaemonNode.freePort();
        Map<String, String> extra = new HashMap<>();
        extra.put("ALIAPORT_HTTP_PORT", Integer.toString(port));
        extra.put("ALIAPORT_HOME", Files.createTempDirectory("demo-home").toString());
        extra.put("ALIAPORT_REDIS_URL", TestRedis.uri().toString().replaceFirst("/\\d+$", "/11"));
        extra.put("ALIAPORT_DIAGNOSTIC_JOBS", "false");
        extra.put("ALIAPORT_WORKERS", "2");
        Path log = Files.createTempFile("demo", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx384m",
                "-jar",
                DaemonNode.jar().toString(),
                "demo");
        pb.environment().clear();
        Map<String, String> env = DaemonNode.environment(
                new ConnectionSettings("unused", "unused", Optional.empty()), "demo-node", extra);
        env.remove("ALIAPORT_DB_URL");
        env.remove("ALIAPORT_DB_USER");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process demo = pb.start();
        try {
            // GIVEN the demo running
            String started = Await.until(
                    Duration.ofSeconds(150),
                    () -> {
                        assertThat(demo.isAlive())
                                .as("demo exited:\n%s", read(log))
                                .isTrue();
                        return read(log);
                    },
                    out -> out.contains("Stop with Ctrl-C."),
                    "the demo to be running");
            assertThat(get(port, "/api/scheduler/health", null).statusCode()).isEqualTo(200);

            // THEN it printed a demo token and a curl line that works
            Matcher curl = Pattern.compile("curl -s -H 'Authorization: Bearer (demo-[0-9a-f]+)' (http://\\S+)")
                    .matcher(started);
            assertThat(curl.find()).as(started).isTrue();
            assertThat(curl.group(2)).isEqualTo("http://127.0.0.1:" + port + "/api/reports");
            HttpResponse<String> reports = get(port, "/api/reports", curl.group(1));
            assertThat(reports.statusCode()).as(reports.body()).isEqualTo(200);
            assertThat(reports.body()).contains("\"success\":true", "\"type\":\"manifest\"");

            // WHEN it gets Ctrl-C (SIGTERM)
            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo stopped").isTrue();

            // THEN it stopped cleanly: exit 0, "stopped", and no ERROR after it nor before
            String all = read(log);
            assertThat(demo.exitValue()).as(all).isZero();
            assertThat(all).contains("stopped");
            List<String> errors = all.lines().filter(l -> l.contains(" ERROR ")).toList();
            assertThat(errors).as(all).isEmpty();
        } finally {
            demo.destroyForcibly();
        }
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }
}
