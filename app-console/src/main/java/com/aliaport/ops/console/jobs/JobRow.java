package com.aliaport.ops.console.jobs;

import com.aliaport.ops.jobrun.JobRun;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A job as the jobs screen shows it. */
public record JobRow(
        String id,
        String description,
        Optional<String> cron,
        boolean takesDate,
        boolean paused,
        List<Instant> nextFires,
        Optional<JobRun> lastRun) {}
