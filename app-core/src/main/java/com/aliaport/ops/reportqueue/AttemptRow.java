package com.aliaport.ops.reportqueue;

import java.time.Instant;
import java.util.Optional;

/**
 * One claim of a report task by a worker, for the desk's detail and dead-letter view. {@code outcome} is
 * {@code SUCCESS}, {@code RETRY}, {@code FAILURE}, {@code TIMED_OUT}, {@code CANCELLED} or {@code LOST}; empty
 * while the attempt runs.
 */
public record AttemptRow(
        int attempt,
        Optional<String> workerId,
        Instant startedAt,
        Optional<Instant> finishedAt,
        Optional<String> outcome,
        Optional<String> error) {}
