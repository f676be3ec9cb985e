package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.Loops;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Starts the supervision of reports that run in the thread they were handed to ({@link ReportExecution#runHere})
 * once they outlast their quick window. One thread looks over the watched reports every {@link #LOOK}: a quick
 * report costs no thread wake-up at all (a timer per report would wake its thread for each), and a slow one is
 * supervised from at most {@link #LOOK} after its window.
 */
final class LateSupervision implements AutoCloseable {
    static final Duration LOOK = Duration.ofMillis(50);

    private static final int WAITING = 0;
    private static final int SUPERVISED = 1;
    private static final int STOOD_DOWN = 2;

    private final Executor supervisors;
    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean open = true;

    /** {@code supervisors}: where a supervision runs once started (it blocks while the report runs). */
    LateSupervision(Executor supervisors) {
        this.supervisors = supervisors;
        this.thread =
                Thread.ofPlatform().name("report-late-supervision").daemon(true).start(this::loop);
    }

    /** A report being watched: either its supervision starts, or its own thread stands it down. */
    final class Watch {
        private final long dueNanos;
        private final BooleanSupplier ended;
        private final Runnable supervise;
        private final AtomicInteger state = new AtomicInteger(WAITING);

        private Watch(long dueNanos, BooleanSupplier ended, Runnable supervise) {
            this.dueNanos = dueNanos;
            this.ended = ended;
            this.supervise = supervise;
        }

        /**
         * Called by the report's thread once the report ended: true when no supervision started (the caller
         * records the result), false when one did (it records the result).
         */
        boolean standDown() {
            watched.remove(this);
            return state.compareAndSet(WAITING, STOOD_DOWN);
        }
    }

    /** Watches a report: {@code supervise} is started after {@code window} unless {@code ended} says it ended. */
    Watch watch(Duration window, BooleanSupplier ended, Runnable supervise) {
        Watch w = new Watch(System.nanoTime() + window.toNanos(), ended, supervise);
        watched.add(w);
        return w;
    }

    private void loop() {
        while (open) {
            try {
                Thread.sleep(LOOK);
            } catch (InterruptedException e) {
                return;
            }
            Loops.runLogged("report late supervision", this::look);
        }
    }

    private void look() {
        long now = System.nanoTime();
        for (Watch w : watched) {
            if (now - w.dueNanos < 0 || w.ended.getAsBoolean()) {
                continue; // not due yet, or ended and about to stand down
            }
            if (w.state.compareAndSet(WAITING, SUPERVISED)) {
                watched.remove(w);
                try {
                    supervisors.execute(w.supervise);
                } catch (RejectedExecutionException stopping) {
                    // The node is stopping and its pool is shut: supervised all the same (it asks the report to stop).
                    Thread.ofPlatform().name("report-supervisor").daemon(true).start(w.supervise);
                }
            }
        }
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
    }
}
