package com.aliaport.ops.jobrun;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One row of {@code job_runs}. {@code scheduledUntil}: the last fire time a row that did not run stands for, when it
 * stands for several (from {@code scheduledAt}).
 */
public record JobRun(
        long id,
        String jobId,
        TriggerKind triggerKind,
        JobRunStatus status,
        Optional<Instant> scheduledAt,
        Optional<Instant> scheduledUntil,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        int attempt,
        Optional<String> nodeId,
        Map<String, String> parameters,
        Optional<String> message,
        Optional<String> error,
        Optional<Long> progressCurrent,
        Optional<Long> progressTotal) {}
