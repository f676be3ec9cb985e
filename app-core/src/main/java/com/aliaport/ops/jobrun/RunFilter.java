package com.aliaport.ops.jobrun;

import java.time.Instant;
import java.util.Optional;

/** What the run history shows: every part optional; {@code from} inclusive, {@code until} exclusive. */
public record RunFilter(
        Optional<String> jobId,
        Optional<JobRunStatus> status,
        Optional<TriggerKind> triggerKind,
        Optional<String> nodeId,
        Optional<Instant> from,
        Optional<Instant> until) {
    public static final RunFilter ALL = new RunFilter(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public RunFilter withJob(Optional<String> job) {
        return new RunFilter(job, status, triggerKind, nodeId, from, until);
    }

    public RunFilter withStatus(Optional<JobRunStatus> s) {
        return new RunFilter(jobId, s, triggerKind, nodeId, from, until);
    }

    /** Whether a run passes the filter (for live rows that arrive by notification). */
    public boolean matches(JobRun run, Instant createdAt) {
        return jobId.map(run.jobId()::equals).orElse(true)
                && status.map(s -> s == run.status()).orElse(true)
                && triggerKind.map(k -> k == run.triggerKind()).orElse(true)
                && nodeId.map(n -> run.nodeId().map(n::equals).orElse(false)).orElse(true)
                && from.map(f -> !createdAt.isBefore(f)).orElse(true)
                && until.map(createdAt::isBefore).orElse(true);
    }
}
