package com.aliaport.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent on the whole machine and by process kind (PostgreSQL, Redis, Java) between two readings of
 * Linux's {@code /proc}: how much work a queue spends per task, which a two-core machine turns into throughput,
 * and how much of this JVM's went to its JIT compilers and collector (the measured batch of the queue benchmarks
 * runs while C2 still compiles). A process that ends between the readings drops out of its kind's figure (not out
 * of the machine's).
 */
final class CpuMeter {
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
            Map<String, Double> waited,
            double reader) {}

    /**
     * Whose seconds waiting for a CPU (runnable, not running: Linux's {@code schedstat}) a reading keeps: this JVM's
     * threads other than its compilers and collector, and PostgreSQL's processes. On two cores a round trip that
     * hands over from thread to thread waits so at each hand-over while a compiler holds a core.
     */
    private static final List<String> WAITING = List.of("java", "postgres");

    /**
     * The reader, run in a process of its own: read here, some 200 files of {@code /proc} a reading set C2 compiling
     * the reading's own code (the file reads, String.split, the number parsing) some 0.3-0.4 s later, beside the
     * measured single round trips, two of which waited 3.7 and 4.1 ms for a core behind it (issue 17, session 50).
     * Before, the JVM read
     * 10 times as it started, to have C1 compile a reading (session 32) and the trips' first reading came 200 trips
     * before the measured ones (session 47); C2 came later still.
     */
    private static final String READER = "bench/lib/cpu_reading.py";

    /**
     * The system's Python, as bench/queue-vs-celery.sh runs its own: where {@code python3} on the PATH is a version
     * manager's shim (pyenv's, a bash script on this machine kind), a reading took 100-160 ms, 59-74 ms of CPU in bash
     * (session 55), against 18-29 ms.
     */
    private static final String PYTHON = "/usr/bin/python3";

    private static final long PID = ProcessHandle.current().pid();

    /**
     * The reader's process, started once, at the first reading: each reading is a line written to it and a line read
     * back. A process started for each reading ran the JDK's process code in this JVM (its exit watched through a
     * CompletableFuture), whose other types at {@code CompletableFuture.uniHandle} set off class-check traps in C2's
     * code of the queue's lone path at the reading just before the last warm-up trips; in one quick run that code was
     * thrown back and compiled again beside the measured trips (session 55's JIT logs).
     */
    private static Process server;

    private static BufferedReader answers;
    private static Writer asks;

    /** Reads once as a bench's JVM starts, to fail then if the reader cannot run; how long it took, in ms. */
    static long firstReading() {
        long t0 = System.nanoTime();
        read();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static Reading read() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pair : ask().trim().split(" ")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
        }
        Map<String, Double> byKind = new LinkedHashMap<>();
        for (String k : SHOWN) {
            byKind.put(k, values.get(k));
        }
        Map<String, Double> waited = new LinkedHashMap<>();
        for (String k : WAITING) {
            waited.put(k, values.get("waited_" + k));
        }
        return new Reading(
                values.get("machine"),
                byKind,
                values.get("postgres_kernel"),
                values.get("postgres_switches").longValue(),
                waited,
                values.get("reader"));
    }

    /** One reading's line from the reader's process, started at the first. */
    private static synchronized String ask() {
        try {
            if (server == null) {
                server = new ProcessBuilder(PYTHON, reader().toString(), Long.toString(PID), "--serve")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                answers = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                asks = new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8);
            }
            asks.write('\n');
            asks.flush();
            String line = answers.readLine();
            if (line == null) {
                throw new IllegalStateException(READER + " ended without a reading (see its error above)");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(READER + " could not be read", e);
        }
    }

    /** The reader, from the repository's root or from app-core (where a bench may be started). */
    private static Path reader() {
        for (Path p : List.of(Path.of(READER), Path.of("..").resolve(READER))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException(
                READER + " not found from " + Path.of("").toAbsolutePath());
    }

    /** "CPU per task 410 µs (machine busy 2.05 s): postgres 190 redis-server 20 java 200 jit 120 gc 2". */
    static String perTask(Reading before, Reading after, int tasks) {
        StringBuilder out = new StringBuilder(String.format(
                "CPU per task %.0f µs (machine busy %.2f s)",
                machineSeconds(before, after) * 1e6 / tasks, machineSeconds(before, after)));
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
                machineSeconds(before, after) * 1e3,
                wallMs,
                (after.waited().get("java") - before.waited().get("java")) * 1e3,
                (after.waited().get("postgres") - before.waited().get("postgres")) * 1e3);
    }

    /**
     * The machine's busy seconds between two readings, less the second reader's own CPU (some 0.1 s, a Python
     * process's start the most of it), which ran between them; the first reader's ended with its reading.
     */
    private static double machineSeconds(Reading before, Reading after) {
        return after.machine() - before.machine() - after.reader();
    }

    /** CPU seconds a kind took between two readings. */
    private static double seconds(Reading before, Reading after, String kind) {
        return after.byKind().getOrDefault(kind, 0.0) - before.byKind().getOrDefault(kind, 0.0);
    }
}
