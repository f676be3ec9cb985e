package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.common.Loops;
import com.aliaport.ops.jobrun.JobRunListener;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.jobrun.JobRunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.CronTrigger;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code coalesce=True, misfire_grace_time=300}, on top of Quartz:
 * <ul>
 *   <li>Quartz's misfire threshold is the grace, and cron triggers skip what they missed (DO_NOTHING). Here
 *       the skipped fire times older than the grace get one MISSED row; if some fell within the grace, one
 *       coalesced run is put in place of the latest and one SKIPPED row stands for the others.</li>
 *   <li>A scheduled firing whose next fire time is already past is superseded by it: vetoed, so that late
 *       firings within the grace collapse into one run, and recorded SKIPPED.</li>
 * </ul>
 * So every fire time of a cron trigger leaves a row in {@code job_runs}: its run, or a row saying why it did not
 * run ({@code scheduled_at} to {@code scheduled_until} when a row stands for several).
 */
final class MisfirePolicy extends TriggerListenerSupport {
    private static final Logger log = LoggerFactory.getLogger(MisfirePolicy.class);
    /** A firing is superseded only when the next one is this far overdue: ordinary lateness never vetoes. */
    private static final Duration SUPERSEDED_AFTER = Duration.ofMillis(500);

    private static final int MAX_COUNTED = 100_000;

    interface CoalescedRuns {
        void schedule(String jobId, Instant due, int coalesced);
    }

    private final JobRunRepository runs;
    private final Clock clock;
    private final Duration grace;
    private final String nodeId;
    private final CoalescedRuns coalescedRuns;
    private final Executor afterCommit;
    private final JobRunListener listener;
    private final AtomicLong vetoed = new AtomicLong();

    MisfirePolicy(
            JobRunRepository runs,
            Clock clock,
            Duration grace,
            String nodeId,
            CoalescedRuns coalescedRuns,
            Executor afterCommit,
            JobRunListener listener) {
        this.runs = runs;
        this.clock = clock;
        this.grace = grace;
        this.nodeId = nodeId;
        this.coalescedRuns = coalescedRuns;
        this.afterCommit = afterCommit;
        this.listener = listener;
    }

    @Override
    public String getName() {
        return "aliaport-misfire-policy";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        if (!(trigger instanceof CronTrigger cron) || trigger.getNextFireTime() == null) {
            return; // one-shot triggers (retries, manual, coalesced) just fire late
        }
        String jobId = trigger.getJobKey().getName();
        Loops.runLogged("misfire of " + jobId, () -> {
            Instant now = clock.instant();
            Instant cutoff = now.minus(grace);
            List<Instant> missed = new ArrayList<>();
            List<Instant> withinGrace = new ArrayList<>();
            Date t = cron.getNextFireTime();
            for (int i = 0; t != null && !t.toInstant().isAfter(now) && i < MAX_COUNTED; i++) {
                Instant at = t.toInstant();
                (at.isBefore(cutoff) ? missed : withinGrace).add(at);
                t = cron.getFireTimeAfter(t);
            }
            if (!missed.isEmpty()) {
                String message = missed.size() == 1
                        ? "missed the run due " + missed.getFirst() + ": it could not start within the "
                                + grace.toSeconds() + " s grace"
                        : "missed " + missed.size() + " runs due " + missed.getFirst() + " .. " + missed.getLast()
                                + ": they could not start within the " + grace.toSeconds() + " s grace";
                runs.recordNotRun(new JobRunRepository.NotRun(
                        jobId,
                        JobRunStatus.MISSED,
                        missed.getFirst(),
                        missed.getLast(),
                        now,
                        nodeId,
                        Optional.empty(),
                        message));
                listener.runMissed(jobId, missed.size());
                log.warn("{}: {}", jobId, message);
            }
            if (!withinGrace.isEmpty()) {
                Instant due = withinGrace.getLast();
                List<Instant> folded = withinGrace.subList(0, withinGrace.size() - 1);
                // Quartz holds its trigger lock now; schedule once its transaction is done.
                afterCommit.execute(() -> Loops.runLogged("coalesced run of " + jobId, () -> {
                    coalescedRuns.schedule(jobId, due, withinGrace.size());
                    if (!folded.isEmpty()) {
                        recordSkipped(
                                jobId,
                                folded.getFirst(),
                                folded.getLast(),
                                Optional.empty(),
                                folded.size() + " late fire time(s) " + folded.getFirst() + " .. " + folded.getLast()
                                        + " coalesced into the run due " + due);
                    }
                }));
            }
        });
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        if (!(trigger instanceof CronTrigger) || trigger.getNextFireTime() == null) {
            return false;
        }
        Instant next = trigger.getNextFireTime().toInstant();
        if (next.isBefore(clock.instant().minus(SUPERSEDED_AFTER))) {
            vetoed.incrementAndGet();
            String jobId = trigger.getJobKey().getName();
            Instant due = context.getScheduledFireTime().toInstant();
            log.info("{}: firing due {} coalesced into the one due {}", jobId, due, next);
            recordSkipped(
                    jobId,
                    due,
                    due,
                    Optional.ofNullable(context.getFireInstanceId()),
                    "superseded by the run due " + next + ": late fire times within the grace run once");
            return true;
        }
        return false;
    }

    /** A SKIPPED row for fire times that run as a later one; history only, so a failure to write it is logged. */
    private void recordSkipped(String jobId, Instant first, Instant last, Optional<String> fireId, String message) {
        try {
            runs.recordNotRun(new JobRunRepository.NotRun(
                    jobId, JobRunStatus.SKIPPED, first, last, clock.instant(), nodeId, fireId, message));
        } catch (RuntimeException e) {
            log.warn("{}: cannot record fire times {} .. {} as skipped: {}", jobId, first, last, e.getMessage());
        }
    }

    long vetoedCount() {
        return vetoed.get();
    }
}
