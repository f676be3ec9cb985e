package com.aliaport.ops.scheduledjob;

import java.util.Optional;

/**
 * A job of the daemons' catalog as readers without Quartz see it: its schedule (a Quartz cron in
 * {@code timeZone}, empty for jobs run only by hand), its worker pool, and whether it takes a {@code date}.
 */
public record ScheduledJob(
        String id, String description, Optional<String> cron, String timeZone, String pool, boolean takesDate) {}
