package com.aliaport.ops.daemon.scheduler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.OperableTrigger;

/**
 * Quartz's JDBC job store, counting the fire times this process holds: acquired and not yet released, or fired and
 * not yet complete. A graceful stop waits for that count to reach zero, because after {@code standby()} Quartz still
 * fires a trigger due within a few tens of milliseconds, and its job is not yet among the executing ones while the
 * fire is being recorded; a stop that missed it left the fire claimed but unrun until recovery re-ran it, late.
 *
 * <p>Every acquired trigger ends in exactly one {@code releaseAcquiredTrigger} (not fired) or one
 * {@code triggeredJobComplete} (fired, then run, vetoed or failed to start). Quartz builds the store by name, so the
 * count is found through {@link #countOf}, under the key set by the property
 * {@code org.quartz.jobStore.fireCounter}.
 */
public final class FireCountingJobStore extends JobStoreTX {
    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private AtomicInteger held = new AtomicInteger();

    /** The count shared by the stores that use this key (one per worker pool of a node). */
    static AtomicInteger countOf(String key) {
        return COUNTS.computeIfAbsent(key, k -> new AtomicInteger());
    }

    static void forget(String key) {
        COUNTS.remove(key);
    }

    /** Set by Quartz from {@code org.quartz.jobStore.fireCounter}. */
    public void setFireCounter(String key) {
        held = countOf(key);
    }

    @Override
    public List<OperableTrigger> acquireNextTriggers(long noLaterThan, int maxCount, long timeWindow)
            throws JobPersistenceException {
        List<OperableTrigger> acquired = super.acquireNextTriggers(noLaterThan, maxCount, timeWindow);
        held.addAndGet(acquired.size());
        return acquired;
    }

    @Override
    public void releaseAcquiredTrigger(OperableTrigger trigger) {
        try {
            super.releaseAcquiredTrigger(trigger);
        } finally {
            done();
        }
    }

    @Override
    public void triggeredJobComplete(
            OperableTrigger trigger, JobDetail jobDetail, CompletedExecutionInstruction instruction) {
        try {
            super.triggeredJobComplete(trigger, jobDetail, instruction);
        } finally {
            done();
        }
    }

    private void done() {
        held.updateAndGet(n -> Math.max(0, n - 1));
    }
}
