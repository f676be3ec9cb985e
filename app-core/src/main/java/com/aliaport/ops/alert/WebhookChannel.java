package com.aliaport.ops.alert;

import com.aliaport.ops.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Posts alerts as Slack-compatible JSON ({@code text} plus an attachment with the details as fields). */
public final class WebhookChannel implements AlertChannel {
    private final URI url;
    private final HttpClient client;

    public WebhookChannel(URI url, Duration timeout) {
        this.url = url;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void deliver(Alert alert) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "aliaport-ops-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(payload(alert))))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered " + response.statusCode());
        }
    }

    static Map<String, Object> payload(Alert alert) {
        List<Map<String, Object>> fields = new ArrayList<>();
        alert.details().forEach((k, v) -> fields.add(Map.of("title", k, "value", String.valueOf(v), "short", true)));
        fields.add(Map.of("title", "node", "value", alert.node(), "short", true));
        return Map.of(
                "text",
                "[" + alert.severity() + "] " + alert.title() + ": " + alert.message(),
                "attachments",
                List.of(Map.of(
                        "color",
                                switch (alert.severity()) {
                                    case INFO -> "#439FE0";
                                    case WARNING -> "warning";
                                    case HIGH, CRITICAL -> "danger";
                                },
                        "title", alert.title(),
                        "text", alert.message(),
                        "fields", fields,
                        "ts", alert.at().getEpochSecond())));
    }
}
