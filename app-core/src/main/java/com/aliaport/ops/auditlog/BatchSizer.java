package com.aliaport.ops.auditlog;

import java.time.Duration;

/**
 * Rows for the next archive batch: as many as the last batch's rate moves in {@link #TARGET}, never more than the
 * configured batch size nor fewer than {@link #MIN_ROWS}. On a quiet server the configured size is reached (20,000
 * rows take ~0.1 s there); on a busy or slow one the batches shrink so that the locks on the rows being moved, and
 * the WAL burst of each commit, stay short — the goal is no batch over 0.5 s, so the target is half that.
 */
final class BatchSizer {
    static final Duration TARGET = Duration.ofMillis(250);
    static final int MIN_ROWS = 1_000;

    private final int maxRows;
    private int next;

    BatchSizer(int maxRows) {
        this.maxRows = maxRows;
        // Start below the maximum: the first batch reads cold pages, and its rate is not known yet.
        this.next = Math.max(Math.min(MIN_ROWS, maxRows), maxRows / 4);
    }

    int next() {
        return next;
    }

    /** Learns from a batch of {@code rows} that took {@code nanos}. */
    void took(int rows, long nanos) {
        double rowsPerNano = rows / (double) Math.max(nanos, 1);
        long fitting = (long) (rowsPerNano * TARGET.toNanos());
        // Grow by at most doubling: one fast batch (cached pages) is not a promise about the next.
        long capped = Math.min(fitting, 2L * Math.max(rows, next));
        next = (int) Math.max(Math.min(MIN_ROWS, maxRows), Math.min(maxRows, capped));
    }
}
