package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.Loops;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.reportqueue.db.ReportTaskUpkeep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the transport in line with PostgreSQL, the truth: claims whose lease ran out go back to PENDING (or
 * to the dead-letter state when out of attempts), and every pending, due task that Redis does not carry
 * (never handed over, Redis restarted empty, a retry whose backoff just ended) is handed over again: each task
 * at most every {@link #RECHECK}, every one at once when the transport says it was found empty. A
 * duplicate hand-over is harmless: the claim lets only one worker run a task. It also keeps the queue tables'
 * planner statistics fresh where autovacuum does not (see {@link ReportTaskUpkeep#analyzeIfStale()}).
 */
public final class ReportReconciler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportReconciler.class);
    private static final int BATCH = 500;
    /** A hand-over younger than this is in flight, not lost; it is checked again after it. */
    private static final Duration HANDOVER_GRACE = Duration.ofSeconds(2);
    /** How often a task still waiting in Redis is checked again. */
    private static final Duration RECHECK = Duration.ofSeconds(10);
    /** How often the queue tables' statistics are checked for staleness. */
    private static final Duration STATISTICS_CHECK = Duration.ofSeconds(2);

    private final ReportTaskUpkeep tasks;
    private final ReportQueue queue;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private Instant nextStatisticsCheck = Instant.MIN;
    private boolean transportDown;

    public ReportReconciler(ReportTaskRepository tasks, ReportQueue queue, ReportQueueSettings settings, Clock clock) {
        this.tasks = tasks.upkeep();
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
    }

    /** What one pass did. */
    public record Pass(int leasesExpired, int handedOver) {}

    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("report-reconciler").daemon(true).unstarted(r));
        long every = settings.reconcileInterval().toMillis();
        timer.scheduleWithFixedDelay(
                () -> Loops.runLogged("report reconciler", this::reconcileOnce), 0, every, TimeUnit.MILLISECONDS);
    }

    public Pass reconcileOnce() {
        Instant now = clock.instant();
        int expired = 0;
        // One read first: with no lease run out (nearly every pass), the expiry's transaction is not run at all.
        if (tasks.anyLeaseExpired(now)) {
            List<ReportTaskUpkeep.LeaseExpiry> lost;
            do {
                lost = tasks.expireLeases(now, BATCH);
                expired += lost.size();
                for (ReportTaskUpkeep.LeaseExpiry l : lost) {
                    log.warn("report task {}: worker lease expired, now {}", l.taskId(), l.newState());
                    if (l.newState() == ReportState.PENDING) {
                        queue.enqueue(l.queue(), l.taskId());
                        tasks.markEnqueued(List.of(l.taskId()), now);
                    }
                }
            } while (lost.size() == BATCH);
        }

        int handed = handOverPending(now);
        if (!now.isBefore(nextStatisticsCheck)) {
            nextStatisticsCheck = now.plus(STATISTICS_CHECK);
            if (tasks.analyzeIfStale()) {
                log.debug("report queue tables analysed (statistics were stale)");
            }
        }
        return new Pass(expired, handed);
    }

    /**
     * Hands over the pending, due tasks the transport does not carry: each at its recheck, or every one at once when
     * the transport was found empty (restarted, flushed, failed over without the daemon's keys: it lost every
     * hand-over). None while the transport does not answer.
     */
    private int handOverPending(Instant now) {
        boolean emptied;
        try {
            emptied = queue.foundEmpty();
            if (transportDown) {
                transportDown = false;
                log.info("report queue transport answers again");
            }
        } catch (RuntimeException e) {
            // Nothing to hand over to; said once per outage, not every pass (the workers say it too).
            if (!transportDown) {
                transportDown = true;
                log.warn("report queue transport does not answer, hand-overs wait: {}", e.getMessage());
            }
            return 0;
        }
        Instant checkedBefore = emptied ? now : now.minus(RECHECK);
        Instant settledBefore = emptied ? now : now.minus(HANDOVER_GRACE);
        int handed = 0;
        List<ReportTask> due;
        do {
            due = tasks.dueForCheck(now, checkedBefore, settledBefore, BATCH);
            handed += handOverMissing(due, now);
        } while (emptied && due.size() == BATCH);
        if (emptied) {
            log.warn("report queue transport found empty: every pending task checked, {} handed over again", handed);
        } else if (handed > 0) {
            log.info("reconciler handed {} pending report tasks to the queue", handed);
        }
        return handed;
    }

    /**
     * Hands over those of {@code due} that the transport does not carry; all of them count as checked now, but those
     * whose row a claim holds at that moment, which the next pass checks again.
     */
    private int handOverMissing(List<ReportTask> due, Instant now) {
        int handed = 0;
        Map<String, List<ReportTask>> byQueue = due.stream().collect(Collectors.groupingBy(ReportTask::queue));
        List<UUID> checked = new ArrayList<>();
        for (Map.Entry<String, List<ReportTask>> e : byQueue.entrySet()) {
            List<UUID> ids = e.getValue().stream().map(ReportTask::id).toList();
            Set<UUID> present = queue.queued(e.getKey(), ids);
            for (UUID id : ids) {
                if (!present.contains(id)) {
                    queue.enqueue(e.getKey(), id);
                    handed++;
                }
                checked.add(id);
            }
        }
        // Checked tasks (handed again or still carried) are looked at again after RECHECK; markEnqueued skips a row a
        // claim holds (it will be STARTED, or PENDING and checked at the next pass).
        tasks.markEnqueued(checked, now);
        return handed;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
