package com.aliaport.ops.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nodes that sign download links with different secrets refuse each other's links: real daemon processes from the
 * jar say so at start (ERROR) and on {@code /api/scheduler/health}, and nodes that share the secret do not.
 */
@Tag("cluster")
@ExtendWith(PostgresExtension.class)
class LinkSecretAgreementIT {
    private static final String SHARED = "shared-link-secret-0123456789";
    private static final String OTHER = "other-link-secret-9876543210";

    @Test
    void a_node_with_another_link_secret_is_reported_at_start_and_on_health_by_every_node(
            ConnectionSettings settings, Database db) {
        try (DaemonNode a = DaemonNode.start(settings, "node-a", Map.of("ALIAPORT_LINK_SECRET", SHARED));
                DaemonNode b = DaemonNode.start(settings, "node-b", Map.of("ALIAPORT_LINK_SECRET", SHARED))) {
            // GIVEN two nodes sharing the secret: they agree, and nothing is said
            JsonNode healthB = linkSecret(b);
            assertThat(healthB.at("/agrees").asBoolean()).isTrue();
            assertThat(healthB.at("/fingerprint").asText())
                    .isEqualTo(linkSecret(a).at("/fingerprint").asText())
                    .hasSize(16)
                    .doesNotContain(SHARED);
            assertThat(b.logText()).doesNotContain("link secret differs");

            // WHEN a third node starts with another secret
            try (DaemonNode c = DaemonNode.start(settings, "node-c", Map.of("ALIAPORT_LINK_SECRET", OTHER))) {
                // THEN it says so at start, naming the nodes it differs from
                assertThat(c.logText())
                        .containsPattern(
                                "ERROR .*link secret differs between node node-c and node\\(s\\) node-a, node-b"
                                        + ": download links signed on one are refused by the other; set the same"
                                        + " ALIAPORT_LINK_SECRET on every node");
                JsonNode healthC = linkSecret(c);
                assertThat(healthC.at("/agrees").asBoolean()).isFalse();
                assertThat(healthC.at("/differs_on").toString()).isEqualTo("[\"node-a\",\"node-b\"]");

                // AND the others report it on their next check-in
                JsonNode healthA = Await.until(
                        Duration.ofSeconds(20),
                        () -> linkSecret(a),
                        h -> !h.at("/agrees").asBoolean(),
                        "node-a seeing node-c's secret differ");
                assertThat(healthA.at("/differs_on").toString()).isEqualTo("[\"node-c\"]");
                assertThat(healthA.at("/warning").asText()).contains("set the same ALIAPORT_LINK_SECRET");
                assertThat(a.logText()).contains("link secret differs between node node-a and node(s) node-c");
                assertThat(a.logText() + b.logText() + c.logText()).doesNotContain(SHARED, OTHER);
                assertThat(db.dsl().fetchValues("SELECT link_secret_fingerprint FROM daemon_nodes"))
                        .hasSize(3)
                        .noneMatch(f -> String.valueOf(f).contains(SHARED)
                                || String.valueOf(f).contains(OTHER));
            }
            // AND once it has stopped, the others agree again
            Await.until(
                    Duration.ofSeconds(20),
                    () -> linkSecret(a),
                    h -> h.at("/agrees").asBoolean(),
                    "node-a agreeing again after node-c left");
        }
    }

    private static JsonNode linkSecret(DaemonNode node) {
        try {
            return Json.MAPPER
                    .readTree(node.get("/api/scheduler/health").body())
                    .at("/data/link_secret");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
