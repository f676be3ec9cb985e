package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.jobrun.JobRun;
import java.time.Instant;
import java.util.Optional;

/** One line of {@code jobs list}: a job, its schedule, next fire time, pause state and last run. */
public record JobStatusView(
        String id,
        String description,
        Optional<String> cron,
        WorkerPool pool,
        Optional<Instant> nextFireTime,
        boolean paused,
        Optional<JobRun> lastRun) {}
