package com.aliaport.ops.bench;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * {@code -Dbench.jitRuns=N} for the queue benches: N whole runs first, unmeasured and unprinted, each on a database
 * of its own, so that the measured run's JVM has finished compiling (as a daemon that has run a while) while its
 * database still sees only the workload as specified. On two cores the JIT compilers otherwise take a third of the
 * CPU of the batch measured after the 20,000-task warm-up.
 */
final class WarmJvm {
    /** One whole bench run with its arguments. */
    @FunctionalInterface
    interface Run {
        void run(String[] args) throws Exception;
    }

    private WarmJvm() {}

    /**
     * Runs {@code run} the configured number of times silently, then once as measured; {@code who} prefixes. The CPU
     * meter reads once first, for every peer alike ({@link CpuMeter#firstReading}).
     */
    static void thenMeasure(String who, String[] args, Run run) throws Exception {
        System.out.printf(
                "%s:   the CPU meter reads /proc in a process of its own: the first reading took %d ms%n",
                who, CpuMeter.firstReading());
        int jitRuns = Integer.getInteger("bench.jitRuns", 0);
        if (jitRuns > 0) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                for (int i = 0; i < jitRuns; i++) {
                    run.run(args);
                }
            } finally {
                System.setOut(out);
            }
            System.out.printf(
                    "%s: JVM warmed by %d earlier unmeasured run(s) on databases of their own%n", who, jitRuns);
        }
        run.run(args);
    }
}
