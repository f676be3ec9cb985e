package com.aliaport.ops.exchangerate;

import java.time.Instant;
import java.util.Optional;

/** A stored rate an operator rejected (by rejecting its anomaly): kept as published, never served. */
public record RejectedRate(StoredRate rate, Instant rejectedAt, Optional<String> rejectedBy, Optional<String> note) {}
