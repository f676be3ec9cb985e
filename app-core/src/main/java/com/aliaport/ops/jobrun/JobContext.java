package com.aliaport.ops.jobrun;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/** What a running job may know and do: its ids, its parameters, the clock, progress, and whether to stop. */
public interface JobContext {
    long runId();

    String jobId();

    TriggerKind triggerKind();

    int attempt();

    /** When the run was due (the fire time for scheduled runs, the start for manual ones). */
    Instant scheduledAt();

    Map<String, String> parameters();

    Clock clock();

    /** The {@code --date} of a manual run, when given. */
    default Optional<LocalDate> date() {
        return Optional.ofNullable(parameters().get("date")).map(LocalDate::parse);
    }

    /** Records progress on the run's row (rate-limited by the implementation). */
    void progress(long current, long total, String message);

    /** True once the soft time limit passed or the daemon is stopping: finish the current step and return. */
    boolean stopRequested();

    /** Throws {@link JobStoppedException} when a stop was requested; call it between steps. */
    default void checkStop() {
        if (stopRequested()) {
            throw new JobStoppedException(jobId() + " run " + runId() + " was asked to stop");
        }
    }
}
