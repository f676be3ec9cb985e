package com.aliaport.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns taken with the other peers of {@code bench/queue-vs-celery.sh} when it interleaves them ({@code INTERLEAVE=n},
 * through {@code bench/lib/turns.py}, which runs every peer at once and lets one work at a time): a peer prints
 * {@code turn: <phase>} and waits for a line on its standard input. Its warm-up and batch are one turn, its measured
 * single trips {@code n} turns of a block each, alternated with the other peers' blocks, so that a slow stretch of the
 * machine falls on the peers' trips alike instead of on whichever peer ran then; turns.py stops the peers not at work
 * meanwhile. Without {@code BENCH_TURNS} (the default) every call returns at once.
 */
final class Turns {
    /** Blocks the measured trips are split into; 0: not interleaved. */
    static final int BLOCKS = Integer.parseInt(System.getenv().getOrDefault("BENCH_TURNS", "0"));

    /**
     * Unmeasured trips at the start of each block after the first: the first trip after the other peers' turns found
     * this peer's threads cold and took 3-7 ms (session 49's first interleaved set: each run's slowest trip began the
     * second block), where the measured trips of a run one after the other each follow a trip.
     */
    static final int REWARM = 10;

    private static final BufferedReader GRANTS =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private Turns() {}

    static boolean interleaved() {
        return BLOCKS > 0;
    }

    /** Waits for this peer's turn for {@code phase} (warm, trips, rest). */
    static void take(String phase) {
        if (!interleaved()) {
            return;
        }
        System.out.println("turn: " + phase);
        System.out.flush();
        try {
            if (GRANTS.readLine() == null) {
                throw new IllegalStateException("bench/lib/turns.py went away before granting a turn for " + phase);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One unmeasured round trip of the peer. */
    @FunctionalInterface
    interface Trip {
        void run() throws Exception;
    }

    /**
     * Before measured trip {@code i} (0-based) of {@code n}: at the start of each block but the first (whose turn the
     * caller took before its last warm-up trips), takes a turn, then makes {@link #REWARM} unmeasured trips.
     */
    static void beforeTrip(int i, int n, Trip unmeasured) throws Exception {
        if (interleaved() && i > 0 && i % Math.max(1, (n + BLOCKS - 1) / BLOCKS) == 0) {
            take("trips");
            for (int k = 0; k < REWARM; k++) {
                unmeasured.run();
            }
        }
    }
}
