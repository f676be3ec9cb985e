package com.aliaport.ops.bench;

import com.aliaport.ops.common.Loops;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The reconciler's passes run as {@code ReportReconciler.start()} runs them (one platform thread, a fixed delay
 * between passes), each one timed: what a pass costs the node, and which of them fell among the measured trips
 * (issue 17, session 54: with nothing to resolve, a pass took 5-11 ms of its thread, once a second).
 */
final class ReconcilerPasses implements AutoCloseable {
    /** When each pass started and how long it took ({@link System#nanoTime}). */
    private record Pass(long startNanos, long nanos) {}

    private final List<Pass> passes = new ArrayList<>();
    private final Duration every;
    private final ScheduledExecutorService timer;

    ReconcilerPasses(Runnable pass, Duration every) {
        this.every = every;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("report-reconciler").daemon(true).unstarted(r));
        timer.scheduleWithFixedDelay(
                () -> {
                    long start = System.nanoTime();
                    Loops.runLogged("report reconciler", pass);
                    long took = System.nanoTime() - start;
                    synchronized (passes) {
                        passes.add(new Pass(start, took));
                    }
                },
                0,
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The passes after the first (which meets a cold JVM): their count and times, and those that overlapped
     * {@code [fromNanos, toNanos)}.
     */
    String summary(long fromNanos, long toNanos) {
        List<Pass> later;
        synchronized (passes) {
            later = List.copyOf(passes.subList(Math.min(1, passes.size()), passes.size()));
        }
        if (later.isEmpty()) {
            return "none after the first (every " + every.toMillis() + " ms)";
        }
        long[] nanos = later.stream().mapToLong(Pass::nanos).sorted().toArray();
        List<String> beside = later.stream()
                .filter(p -> p.startNanos() < toNanos && p.startNanos() + p.nanos() > fromNanos)
                .map(p -> ms(p.nanos()))
                .toList();
        return String.format(
                "%d after the first (every %d ms): p50 %s, p90 %s, max %s; among the measured trips: %s",
                nanos.length,
                every.toMillis(),
                ms(nanos[nanos.length / 2]),
                ms(nanos[(int) (nanos.length * 0.9)]),
                ms(nanos[nanos.length - 1]),
                beside.isEmpty() ? "none" : String.join(", ", beside));
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
