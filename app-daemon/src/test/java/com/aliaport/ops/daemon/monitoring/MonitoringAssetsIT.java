package com.aliaport.ops.daemon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.daemon.testsupport.RequiredTool;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitoring assets in installer/ checked for real: promtool on the alert rules, the dashboard's queries
 * against a live daemon's /metrics, and a real Prometheus (Debian's) scraping a running daemon.
 */
@ExtendWith(PostgresExtension.class)
class MonitoringAssetsIT {
    private static final Path MONITORING =
            Path.of("..", "installer", "monitoring").toAbsolutePath().normalize();
    private static final Path RULES = MONITORING.resolve("prometheus/aliaport-alerts.yml");
    private static final Path DASHBOARD = MONITORING.resolve("grafana/aliaport-ops-dashboard.json");
    /** Metric names a PromQL expression uses: a name followed by a selector, a range, or alone in parentheses. */
    private static final Pattern METRIC =
            Pattern.compile("([a-z_][a-z0-9_]*)\\s*(?=\\{|\\[)|\\(\\s*([a-z_][a-z0-9_]*)\\s*\\)|^([a-z_][a-z0-9_]*)$");

    /** promtool and prometheus (Debian package prometheus): missing, they fail in CI and skip elsewhere. */
    private static String tool(String name) {
        return RequiredTool.find(name, "prometheus");
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .directory(RULES.getParent().toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    @Test
    void the_alert_rules_pass_promtool_check_and_their_unit_tests() throws Exception {
        String promtool = tool("promtool");
        assertThat(run(promtool, "check", "rules", RULES.toString())).contains("SUCCESS: 9 rules found");
        assertThat(run(promtool, "test", "rules", "aliaport-alerts.test.yml")).contains("SUCCESS");
    }

    static Set<String> metricsUsedBy(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr.strip());
        while (m.find()) {
            for (int g = 1; g <= 3; g++) {
                String name = m.group(g);
                if (name != null
                        && !Set.of(
                                        "by",
                                        "without",
                                        "on",
                                        "ignoring",
                                        "up",
                                        "job_name",
                                        "le",
                                        "state",
                                        "status",
                                        "queue_name",
                                        "currency",
                                        "instance",
                                        "job")
                                .contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Test
    void every_dashboard_and_rule_query_names_a_metric_the_daemon_exports(ConnectionSettings settings)
            throws Exception {
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : Json.MAPPER.readTree(DASHBOARD.toFile()).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                used.addAll(metricsUsedBy(target.get("expr").asText()));
            }
        }
        for (String line : Files.readAllLines(RULES)) {
            if (line.strip().startsWith("expr:")) {
                used.addAll(metricsUsedBy(line.strip().substring(5)));
            }
        }
        assertThat(used).contains("scheduler_job_executions_total", "report_queue_length", "kur_sync_rate_count");

        try (DaemonNode node = DaemonNode.start(
                settings, "node-m", Map.of("ALIAPORT_REDIS_URL", TestRedis.uri().toString()))) {
            String metrics = node.get("/metrics").body();
            Set<String> exported = new TreeSet<>();
            metrics.lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
            assertThat(exported).containsAll(used);
        }
    }

    @Test
    void a_real_prometheus_scrapes_a_running_daemon_with_the_rules_loaded(ConnectionSettings settings)
            throws Exception {
        String prometheus = tool("prometheus");
        try (DaemonNode node = DaemonNode.start(
                settings, "node-p", Map.of("ALIAPORT_REDIS_URL", TestRedis.uri().toString()))) {
            Path dir = Files.createTempDirectory("prometheus");
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: aliaport
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(RULES, node.httpPort()));
            int port = DaemonNode.freePort();
            Process p = new ProcessBuilder(
                            prometheus,
                            "--config.file=" + dir.resolve("prometheus.yml"),
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try {
                String up = Await.until(
                        Duration.ofSeconds(60),
                        () -> query(port, "up{job=\"aliaport\"}"),
                        body -> body.contains("\"value\":[") && body.contains("\"1\"]"),
                        "the daemon scraped");
                assertThat(up).contains("127.0.0.1:" + node.httpPort());
                assertThat(query(port, "scheduler_running")).contains("\"1\"]");
                String rules = get(port, "/api/v1/rules");
                assertThat(rules).contains("KurSyncMissing", "AliaportDaemonDown", "ReportQueueBacklog");
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String query(int port, String promql) {
        return get(port, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private static String get(int port, String path) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
