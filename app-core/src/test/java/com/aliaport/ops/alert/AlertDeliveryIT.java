package com.aliaport.ops.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.config.AppConfig;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alerts to a real local HTTP receiver and a real in-process SMTP server (GreenMail). */
class AlertDeliveryIT {
    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

    private HttpServer receiver;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    private static EmailChannel email() {
        return new EmailChannel(new AppConfig.Smtp(
                "127.0.0.1",
                ServerSetupTest.SMTP.getPort(),
                Optional.empty(),
                Optional.empty(),
                false,
                "ops@aliaport.test",
                List.of("finance@aliaport.test", "it@aliaport.test")));
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-03-13T13:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_high_alert_reaches_the_webhook_as_slack_json_and_both_mailboxes() throws Exception {
        AlertDispatcher alerts = new AlertDispatcher(
                List.of(new WebhookChannel(hook(), Duration.ofSeconds(2)), email()),
                new TestClock(),
                Duration.ofMinutes(15),
                "node-a");

        alerts.send(
                Severity.HIGH, "Kur Güncelleme Job Failed", "TCMB and EVDS both failed", Map.of("date", "2026-03-13"));

        assertThat(posted).hasSize(1);
        Map<?, ?> json = Json.read(posted.getFirst(), Map.class);
        assertThat(json.get("text")).isEqualTo("[HIGH] Kur Güncelleme Job Failed: TCMB and EVDS both failed");
        assertThat(posted.getFirst())
                .contains("\"color\":\"danger\"", "\"title\":\"date\"", "\"value\":\"2026-03-13\"");
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getSubject()).isEqualTo("[Aliaport HIGH] Kur Güncelleme Job Failed");
        assertThat((String) received[0].getContent())
                .contains("TCMB and EVDS both failed", "date: 2026-03-13", "node: node-a");
    }

    @Test
    void the_same_alert_is_sent_once_per_interval_and_again_after_it() {
        TestClock clock = new TestClock();
        AlertDispatcher alerts = new AlertDispatcher(
                List.of(new WebhookChannel(hook(), Duration.ofSeconds(2))), clock, Duration.ofMinutes(15), "node-a");

        alerts.send(Severity.WARNING, "Kur anomaly", "USD moved 15 %", Map.of());
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        alerts.send(Severity.WARNING, "Kur anomaly", "USD moved 15 %", Map.of());
        alerts.send(Severity.HIGH, "Kur anomaly", "another severity is another alert", Map.of());
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        alerts.send(Severity.WARNING, "Kur anomaly", "USD moved 15 %", Map.of());

        assertThat(posted).hasSize(3);
    }

    @Test
    void a_failing_receiver_and_a_dead_smtp_server_are_logged_never_thrown() {
        status.set(500);
        EmailChannel dead = new EmailChannel(new AppConfig.Smtp(
                "127.0.0.1",
                1,
                Optional.empty(),
                Optional.empty(),
                false,
                "ops@aliaport.test",
                List.of("it@aliaport.test")));
        AlertDispatcher alerts = new AlertDispatcher(
                List.of(new WebhookChannel(hook(), Duration.ofSeconds(2)), dead),
                new TestClock(),
                Duration.ZERO,
                "node-a");

        alerts.send(Severity.CRITICAL, "Daemon down", "no heartbeat", Map.of());

        assertThat(posted).hasSize(1); // it was tried, failed, and the caller never noticed
    }
}
