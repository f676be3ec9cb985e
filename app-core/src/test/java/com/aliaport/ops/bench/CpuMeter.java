package com.aliaport.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time spent on the whole machine and by process kind (PostgreSQL, Redis, Java) between two readings of
 * Linux's {@code /proc}: how much work a queue spends per task, which a two-core machine turns into throughput,
 * and how much of this JVM's went to its JIT compilers and collector (the measured batch of the queue benchmarks
 * runs while C2 still compiles). A process that ends between the readings drops out of its kind's figure (not out
 * of the machine's).
 */
final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux's usual builds
    private static final List<String> KINDS = List.of("postgres", "redis-server", "java");
    /** The kinds, then the share of this JVM's CPU (in "java") its JIT compilers and garbage collector took. */
    private static final List<String> SHOWN = List.of("postgres", "redis-server", "java", "jit", "gc");

    /** CPU seconds so far: the machine's busy time, then each kind's. */
    record Reading(double machine, Map<String, Double> byKind) {}

    static Reading read() {
        Map<String, Double> byKind = new LinkedHashMap<>();
        KINDS.forEach(k -> byKind.put(k, 0.0));
        try {
            for (Path p : list(Path.of("/proc"))) {
                if (p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    used(p).filter(u -> byKind.containsKey(u.name()))
                            .ifPresent(u -> byKind.merge(u.name(), u.seconds(), Double::sum));
                }
            }
            // this JVM's compiler and collector threads apart from the rest
            for (Path t : list(Path.of("/proc/self/task"))) {
                used(t).ifPresent(u -> {
                    String kind = u.name().contains("CompilerThre")
                            ? "jit"
                            : u.name().startsWith("GC Thread") || u.name().startsWith("G1 ") ? "gc" : null;
                    if (kind != null) {
                        byKind.merge(kind, u.seconds(), Double::sum);
                    }
                });
            }
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
            double busy = 0;
            for (int i = 1; i <= 8 && i < cpu.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return new Reading(busy / TICKS_PER_SECOND, byKind);
        } catch (IOException e) {
            return new Reading(Double.NaN, byKind);
        }
    }

    /** A process's or thread's name and CPU seconds (user + system). */
    private record Used(String name, double seconds) {}

    private static Optional<Used> used(Path procEntry) {
        try {
            String stat = Files.readString(procEntry.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            // after the name: state is field 3, utime 14 and stime 15 (1-based, man proc)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Used(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty(); // ended meanwhile
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    /** "CPU per task 410 µs (machine busy 2.05 s): postgres 190 redis-server 20 java 200 jit 120 gc 2". */
    static String perTask(Reading before, Reading after, int tasks) {
        StringBuilder out = new StringBuilder(String.format(
                "CPU per task %.0f µs (machine busy %.2f s)",
                (after.machine() - before.machine()) * 1e6 / tasks, after.machine() - before.machine()));
        out.append(":");
        for (String k : SHOWN) {
            out.append(String.format(" %s %.0f", k, seconds(before, after, k) * 1e6 / tasks));
        }
        return out.toString();
    }

    /**
     * "the JIT compilers 640 ms, the collector 3 ms, the machine 1180 ms of CPU in 607 ms": what this JVM's
     * compilers and collector took beside a measured stretch of {@code wallMs}, such as the single round trips
     * (on two cores a compiler busy then shares the trips' CPU).
     */
    static String beside(Reading before, Reading after, double wallMs) {
        return String.format(
                "the JIT compilers %.0f ms, the collector %.0f ms, the machine %.0f ms of CPU in %.0f ms",
                seconds(before, after, "jit") * 1e3,
                seconds(before, after, "gc") * 1e3,
                (after.machine() - before.machine()) * 1e3,
                wallMs);
    }

    /** CPU seconds a kind took between two readings. */
    private static double seconds(Reading before, Reading after, String kind) {
        return after.byKind().getOrDefault(kind, 0.0) - before.byKind().getOrDefault(kind, 0.0);
    }
}
