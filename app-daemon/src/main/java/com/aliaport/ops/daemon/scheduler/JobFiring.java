package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.common.Loops;
import com.aliaport.ops.jobrun.JobRunExecutor;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.jobrun.StartRetry;
import com.aliaport.ops.jobrun.TriggerKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when Quartz fires a job on this node: work out why it fired (schedule, retry, operator,
 * recovery of a dead node's run), run it through {@link JobRunExecutor} (which takes the job's run guard and
 * closes a dead node's orphan row), and schedule the retry a failure earned — none for a run abandoned at its
 * hard limit, whose thread may still be working.
 */
final class JobFiring {
    private static final Logger log = LoggerFactory.getLogger(JobFiring.class);

    private final JobCatalog catalog;
    private final JobRunExecutor executor;
    private final RetryScheduling retries;
    private final BooleanSupplier shuttingDown;
    private final StartRetry startRetry;
    /** How late a start may still be tried: the misfire grace. */
    private final Duration startGrace;

    JobFiring(
            JobCatalog catalog,
            JobRunExecutor executor,
            RetryScheduling retries,
            BooleanSupplier shuttingDown,
            Clock clock,
            Duration startGrace) {
        this.catalog = catalog;
        this.executor = executor;
        this.retries = retries;
        this.shuttingDown = shuttingDown;
        this.startRetry = new StartRetry(clock);
        this.startGrace = startGrace;
    }

    void handle(JobExecutionContext context, BooleanSupplier interrupted) {
        String jobId = context.getJobDetail().getKey().getName();
        Loops.runLogged("job " + jobId + " firing " + context.getFireInstanceId(), () -> {
            JobDefinition job = catalog.get(jobId);
            TriggerData data = TriggerData.from(context.getMergedJobDataMap());
            TriggerKind kind = context.isRecovering() ? TriggerKind.RECOVERY : data.kind();
            Instant due =
                    data.originallyDue().orElse(context.getScheduledFireTime().toInstant());
            if (context.isRecovering()) {
                // The dead node's RUNNING row is closed by the executor once this run holds the job's guard.
                due = recoveredFireTime(context).orElse(due);
                log.warn("{}: recovering a run of a node that stopped answering", jobId);
            }
            boolean retryAllowed = kind != TriggerKind.MANUAL && data.attempt() <= job.retries();
            var request = new JobRunExecutor.Request(
                    jobId,
                    kind,
                    due,
                    data.attempt(),
                    Optional.ofNullable(context.getFireInstanceId()),
                    data.parameters(),
                    job.limits(),
                    retryAllowed);
            BooleanSupplier stop = () -> interrupted.getAsBoolean() || shuttingDown.getAsBoolean();
            // A start PostgreSQL does not answer runs late, within the grace, rather than not at all.
            var outcome =
                    startRetry.until(due.plus(startGrace), stop, () -> executor.execute(request, job.task(), stop));
            boolean retryable = outcome.status() == JobRunStatus.RETRYING
                    || (outcome.status() == JobRunStatus.TIMED_OUT && retryAllowed);
            if (retryable && outcome.abandoned()) {
                // Its thread may still be working: a retry now would overlap it (and meet its guard).
                log.warn("{}: abandoned at its hard limit, not retried while its thread may still run", jobId);
            } else if (retryable) {
                retries.scheduleRetry(job, data.attempt() + 1, data.parameters());
            }
        });
    }

    private static Optional<Instant> recoveredFireTime(JobExecutionContext context) {
        String key = Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS;
        var map = context.getMergedJobDataMap();
        if (map.containsKey(key)) {
            try {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(map.getString(key))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
