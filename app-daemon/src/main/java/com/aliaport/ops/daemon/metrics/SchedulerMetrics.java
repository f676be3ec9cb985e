package com.aliaport.ops.daemon.metrics;

import com.aliaport.ops.jobrun.JobRunListener;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.jobrun.TriggerKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The scheduler's meters, registered up front for every job so that a job that never ran reads 0:
 * {@code scheduler_job_executions_total{job_name,status}}, {@code scheduler_job_duration_seconds{job_name}}
 * (the seed's buckets), missed runs, retries, the last run time per job and whether this node's scheduler runs.
 */
public final class SchedulerMetrics implements JobRunListener {
    private static final Duration[] BUCKETS = {
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300), Duration.ofSeconds(600)
    };

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> lastRun = new ConcurrentHashMap<>();

    public SchedulerMetrics(
            MeterRegistry registry, Clock clock, Collection<String> jobIds, BooleanSupplier schedulerRunning) {
        this.registry = registry;
        this.clock = clock;
        for (String job : jobIds) {
            for (JobRunStatus status : JobRunStatus.values()) {
                if (status != JobRunStatus.RUNNING) {
                    executions(job, status);
                }
            }
            duration(job);
            missed(job);
            retries(job);
            AtomicLong last = lastRun.computeIfAbsent(job, j -> new AtomicLong());
            Gauge.builder("scheduler.job.last.run.timestamp", last, AtomicLong::get)
                    .description("When the job last finished a run (epoch seconds; 0 = never on this node)")
                    .tag("job_name", job)
                    .baseUnit("seconds")
                    .register(registry);
        }
        Gauge.builder("scheduler.running", () -> schedulerRunning.getAsBoolean() ? 1 : 0)
                .description("1 when this node's scheduler is started and not in standby")
                .register(registry);
    }

    private Counter executions(String job, JobRunStatus status) {
        return Counter.builder("scheduler.job.executions")
                .description("Job runs by final status")
                .tag("job_name", job)
                .tag("status", label(status))
                .register(registry);
    }

    /**
     * The {@code status} label's value: the seed's {@code success} and {@code failure} (its dashboards and alerts
     * query them), lower-case words for the rest ({@code skipped}, {@code missed}, {@code timed_out},
     * {@code retrying}).
     */
    public static String label(JobRunStatus status) {
        return switch (status) {
            case SUCCEEDED -> "success";
            case FAILED -> "failure";
            default -> status.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private Timer duration(String job) {
        return Timer.builder("scheduler.job.duration")
                .description("Job run duration")
                .tag("job_name", job)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private Counter missed(String job) {
        return Counter.builder("scheduler.job.missed")
                .description("Scheduled runs that could not start within the misfire grace")
                .tag("job_name", job)
                .register(registry);
    }

    private Counter retries(String job) {
        return Counter.builder("scheduler.job.retries")
                .description("Runs that failed and were scheduled again")
                .tag("job_name", job)
                .register(registry);
    }

    @Override
    public void runFinished(String jobId, TriggerKind kind, JobRunStatus status, Duration took, String message) {
        executions(jobId, status).increment();
        duration(jobId).record(took);
        if (status == JobRunStatus.RETRYING) {
            retries(jobId).increment();
        }
        lastRun.computeIfAbsent(jobId, j -> new AtomicLong())
                .set(clock.instant().getEpochSecond());
    }

    /** Counted {@code skipped}; no duration and no last-run time: nothing ran. */
    @Override
    public void runRefused(String jobId, TriggerKind kind, String message) {
        executions(jobId, JobRunStatus.SKIPPED).increment();
    }

    @Override
    public void runMissed(String jobId, int missedFirings) {
        missed(jobId).increment(missedFirings);
        executions(jobId, JobRunStatus.MISSED).increment();
    }
}
