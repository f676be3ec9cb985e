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
 * (issue 17, session 54: with nothing to resolve, a pass took 7-15 ms of its thread, most of it the lease expiry,
 * once a second).
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
     * The passes after the first (which meets a cold JVM): those that started before {@code tripsFrom} (the warm-up
     * and the batch), those after it (the single trips), and of these the ones that overlapped the measured trips,
     * {@code [measuredFrom, measuredTo)}.
     */
    String summary(long tripsFrom, long measuredFrom, long measuredTo) {
        List<Pass> later;
        synchronized (passes) {
            later = List.copyOf(passes.subList(Math.min(1, passes.size()), passes.size()));
        }
        List<Pass> beside = later.stream()
                .filter(p -> p.startNanos() < measuredTo && p.startNanos() + p.nanos() > measuredFrom)
                .toList();
        return String.format(
                "every %d ms; %s while the single trips ran; among the measured trips: %s; before the trips %s",
                every.toMillis(),
                times(later.stream().filter(p -> p.startNanos() >= tripsFrom).toList()),
                beside.isEmpty()
                        ? "none"
                        : String.join(
                                ", ", beside.stream().map(p -> ms(p.nanos())).toList()),
                times(later.stream().filter(p -> p.startNanos() < tripsFrom).toList()));
    }

    /** Each pass as a comment line of a trips file: "# pass <start nanos> <ms>". */
    List<String> lines() {
        synchronized (passes) {
            return passes.stream()
                    .map(p -> "# pass " + p.startNanos() + " " + p.nanos() / 1e6)
                    .toList();
        }
    }

    /** "9: p50 1.2 ms, max 3.4 ms". */
    private static String times(List<Pass> passes) {
        if (passes.isEmpty()) {
            return "0";
        }
        long[] nanos = passes.stream().mapToLong(Pass::nanos).sorted().toArray();
        return String.format(
                "%d: p50 %s, max %s", nanos.length, ms(nanos[nanos.length / 2]), ms(nanos[nanos.length - 1]));
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
