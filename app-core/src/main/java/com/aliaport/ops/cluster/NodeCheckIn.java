package com.aliaport.ops.cluster;

import java.time.Instant;
import java.util.Optional;

/** A daemon node as it last checked in; {@code linkSecretFingerprint} is empty where links are not signed here. */
public record NodeCheckIn(
        String nodeId, Optional<String> linkSecretFingerprint, Instant startedAt, Instant lastSeenAt) {}
