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

    /**
     * CPU seconds so far: the machine's busy time, then each kind's; and of PostgreSQL's processes, their seconds in
     * the kernel and their context switches (each wait for a client's next message, a lock or the WAL flush is one).
     */
    record Reading(
            double machine,
            Map<String, Double> byKind,
            double postgresKernel,
            long postgresSwitches,
            Map<String, Double> waited) {}

    /**
     * Whose seconds waiting for a CPU (runnable, not running: Linux's {@code schedstat}) a reading keeps: this JVM's
     * threads other than its compilers and collector, and PostgreSQL's processes. On two cores a round trip that
     * hands over from thread to thread waits so at each hand-over while a compiler holds a core.
     */
    private static final List<String> WAITING = List.of("java", "postgres");

    /**
     * Readings enough for C1 to have compiled a reading's code before anything is measured (HotSpot sends a method to
     * C1 after some 200 calls; a reading makes about as many calls of its per-file code), and not so many that C2
     * compiles it while the JVM starts. Read only around the measured stretches, a reading (some 200 files of
     * {@code /proc}) ran interpreted at first and sent its methods to the JIT on its third call, just before the
     * single round trips, whose first ones then waited for a core (issue 17, session 32: trip 1 among ours' three
     * slowest in most runs). 50 readings, tried first, may have cost ours' batch its throughput
     * (docs/benchmarks.md, session 32).
     */
    private static final int WARM_UP_READINGS = 10;

    /** Reads {@link #WARM_UP_READINGS} times, unmeasured, as a bench's JVM starts; how many readings it took. */
    static int warmUp() {
        for (int i = 0; i < WARM_UP_READINGS; i++) {
            read();
        }
        return WARM_UP_READINGS;
    }

    static Reading read() {
        Map<String, Double> byKind = new LinkedHashMap<>();
        KINDS.forEach(k -> byKind.put(k, 0.0));
        double postgresKernel = 0;
        long postgresSwitches = 0;
        Map<String, Double> waited = new LinkedHashMap<>();
        WAITING.forEach(k -> waited.put(k, 0.0));
        try {
            for (Path p : list(Path.of("/proc"))) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                Optional<Used> used = used(p).filter(u -> byKind.containsKey(u.name()));
                if (used.isEmpty()) {
                    continue;
                }
                byKind.merge(used.get().name(), used.get().seconds(), Double::sum);
                if (used.get().name().equals("postgres")) {
                    postgresKernel += used.get().kernelSeconds();
                    postgresSwitches += switches(p);
                    waited.merge("postgres", runQueueSeconds(p), Double::sum);
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
                    } else {
                        waited.merge("java", runQueueSeconds(t), Double::sum);
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
            return new Reading(busy / TICKS_PER_SECOND, byKind, postgresKernel, postgresSwitches, waited);
        } catch (IOException e) {
            return new Reading(Double.NaN, byKind, Double.NaN, 0, waited);
        }
    }

    /** A process's or thread's name and CPU seconds (user + system), and of them the system's. */
    private record Used(String name, double seconds, double kernelSeconds) {}

    private static Optional<Used> used(Path procEntry) {
        try {
            String stat = Files.readString(procEntry.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            // after the name: state is field 3, utime 14 and stime 15 (1-based, man proc)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long user = Long.parseLong(f[11]);
            long system = Long.parseLong(f[12]);
            return Optional.of(new Used(name, (user + system) / TICKS_PER_SECOND, system / TICKS_PER_SECOND));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty(); // ended meanwhile
        }
    }

    /** A process's context switches so far, voluntary and not; 0 if it ended meanwhile. */
    private static long switches(Path procEntry) {
        long n = 0;
        try {
            for (String line : Files.readAllLines(procEntry.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                    n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
        return n;
    }

    /** A process's (its main thread's) or thread's seconds so far waiting on a run queue; 0 if it ended meanwhile. */
    private static double runQueueSeconds(Path procEntry) {
        try {
            // "<ns on the CPU> <ns waiting on a run queue> <time slices>"
            return Long.parseLong(
                            Files.readString(procEntry.resolve("schedstat")).split(" ")[1])
                    / 1e9;
        } catch (IOException | RuntimeException gone) {
            return 0;
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
     * "PostgreSQL's processes: 42 µs a task in the kernel, 3.1 context switches a task": of PostgreSQL's CPU, what
     * went to system calls, wake-ups and page faults, and how often its processes stopped and were woken again.
     */
    static String postgres(Reading before, Reading after, int tasks) {
        return String.format(
                "PostgreSQL's processes: %.0f µs a task in the kernel, %.1f context switches a task",
                (after.postgresKernel() - before.postgresKernel()) * 1e6 / tasks,
                (double) (after.postgresSwitches() - before.postgresSwitches()) / tasks);
    }

    /**
     * "the JIT compilers 640 ms, the collector 3 ms, the machine 1180 ms of CPU in 607 ms; waiting for a CPU: this
     * JVM's other threads 62 ms, PostgreSQL's 70 ms": what this JVM's compilers and collector took beside a measured
     * stretch of {@code wallMs}, such as the single round trips (on two cores a compiler busy then shares the trips'
     * CPU), and how long the threads that carry the trips were ready to run but waited for a core.
     */
    static String beside(Reading before, Reading after, double wallMs) {
        return String.format(
                "the JIT compilers %.0f ms, the collector %.0f ms, the machine %.0f ms of CPU in %.0f ms;"
                        + " waiting for a CPU: this JVM's other threads %.0f ms, PostgreSQL's %.0f ms",
                seconds(before, after, "jit") * 1e3,
                seconds(before, after, "gc") * 1e3,
                (after.machine() - before.machine()) * 1e3,
                wallMs,
                (after.waited().get("java") - before.waited().get("java")) * 1e3,
                (after.waited().get("postgres") - before.waited().get("postgres")) * 1e3);
    }

    /** CPU seconds a kind took between two readings. */
    private static double seconds(Reading before, Reading after, String kind) {
        return after.byKind().getOrDefault(kind, 0.0) - before.byKind().getOrDefault(kind, 0.0);
    }
}
