package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.jobrun.JobRunExecutor;
import com.aliaport.ops.jobrun.JobTask;
import java.time.Duration;
import java.util.Optional;

/**
 * A job of the daemon: its id, what it is, when it runs (a Quartz cron in Europe/Istanbul, or none for
 * jobs only run by hand), its pool, retry policy and time limits, the core task it runs, and whether that task
 * reads a {@code date} parameter (run for a date: {@code jobs run|trigger --date}, the console's date picker).
 */
public record JobDefinition(
        String id,
        String description,
        Optional<String> cron,
        WorkerPool pool,
        int retries,
        Duration retryBackoff,
        JobRunExecutor.Limits limits,
        JobTask task,
        boolean takesDate) {

    /** The delay before retry {@code attempt} (2, 3, …): exponential from the backoff. */
    public Duration backoffBefore(int attempt) {
        int exponent = Math.max(0, Math.min(attempt - 2, 16));
        return retryBackoff.multipliedBy(1L << exponent);
    }
}
