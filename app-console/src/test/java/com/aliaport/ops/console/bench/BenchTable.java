package com.aliaport.ops.console.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** What the console's benchmarks share: their result table, figures over trials, the FX thread and the clock. */
final class BenchTable {
    static final long TIMEOUT_S = 30;
    private final List<String[]> rows = new ArrayList<>();

    void row(String what, String measured, String target, boolean met) {
        rows.add(new String[] {what, measured, target, target.isEmpty() ? "" : met ? "met" : "MISSED"});
        System.out.printf(Locale.ROOT, "  %s: %s%n", what, measured);
    }

    void print() {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "| %-90s | %-30s | %-9s | %-6s |%n",
                "figure (ms unless stated)",
                "measured",
                "target",
                "");
        System.out.printf(
                Locale.ROOT, "|%s|%s|%s|%s|%n", "-".repeat(92), "-".repeat(32), "-".repeat(11), "-".repeat(8));
        for (String[] r : rows) {
            System.out.printf(Locale.ROOT, "| %-90s | %-30s | %-9s | %-6s |%n", (Object[]) r);
        }
    }

    static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    static void waitUntil(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!onFx(condition)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static String stats(List<Long> values) {
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        return "p50 " + s.get(s.size() / 2) + ", max " + s.getLast();
    }

    static String avg(List<Long> values) {
        return String.format(
                Locale.ROOT,
                "avg %.1f",
                values.stream().mapToLong(Long::longValue).average().orElse(0));
    }

    static long max(List<Long> values) {
        return Collections.max(values);
    }

    static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
