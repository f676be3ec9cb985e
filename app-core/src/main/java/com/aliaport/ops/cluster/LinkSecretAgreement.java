package com.aliaport.ops.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Download links signed on one node must open on every node, so every node must sign with the same link secret.
 * Each check-in records this node's fingerprint and compares it with the other live nodes': a difference is an
 * ERROR in the log (once per change, not per check-in) and a warning on {@code /api/scheduler/health}.
 */
public final class LinkSecretAgreement {
    private static final Logger log = LoggerFactory.getLogger(LinkSecretAgreement.class);

    private final NodeRegistry registry;
    private final Clock clock;
    private final String nodeId;
    private final Optional<String> fingerprint;
    private final Duration liveWithin;
    private final Instant startedAt;
    private volatile List<String> disagreeing = List.of();

    /**
     * @param fingerprint this node's (empty where it signs no links: S3 storage signs with S3's own keys)
     * @param liveWithin a node not seen for this long is taken as gone
     */
    public LinkSecretAgreement(
            NodeRegistry registry, Clock clock, String nodeId, Optional<String> fingerprint, Duration liveWithin) {
        this.registry = registry;
        this.clock = clock;
        this.nodeId = nodeId;
        this.fingerprint = fingerprint;
        this.liveWithin = liveWithin;
        this.startedAt = clock.instant();
    }

    /** Records this node's check-in and compares fingerprints with the other live nodes. */
    public void checkIn() {
        Instant now = clock.instant();
        registry.checkIn(new NodeCheckIn(nodeId, fingerprint, startedAt, now));
        if (fingerprint.isEmpty()) {
            return;
        }
        List<String> others = registry.seenSince(now.minus(liveWithin)).stream()
                .filter(n -> !n.nodeId().equals(nodeId))
                .filter(n -> n.linkSecretFingerprint().isPresent()
                        && !n.linkSecretFingerprint().equals(fingerprint))
                .map(NodeCheckIn::nodeId)
                .toList();
        if (!others.equals(disagreeing)) {
            if (others.isEmpty()) {
                log.info("link secret: node {} now signs download links like every other live node", nodeId);
            } else {
                log.error(message(others));
            }
            disagreeing = others;
        }
    }

    /** Leaves the list of live nodes (a clean stop). */
    public void leave() {
        registry.remove(nodeId);
    }

    /** The {@code link_secret} field of the health answer. */
    public Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("fingerprint", fingerprint.orElse("none"));
        List<String> now = disagreeing;
        h.put("agrees", now.isEmpty());
        if (!now.isEmpty()) {
            h.put("differs_on", now);
            h.put("warning", message(now));
        }
        return h;
    }

    private String message(List<String> others) {
        return "link secret differs between node " + nodeId + " and node(s) " + String.join(", ", others)
                + ": download links signed on one are refused by the other; set the same ALIAPORT_LINK_SECRET on"
                + " every node";
    }
}
