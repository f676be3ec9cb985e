package com.aliaport.ops.reportqueue;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The number of open tasks, for the backlog limit: read from PostgreSQL at most once per {@link #MAX_AGE} and
 * counted up by this node's own submissions in between. Counting the open tasks on every submission cost more
 * PostgreSQL time than the rest of the submission (0.6 ms at a backlog of a few thousand); a limit meant to stop
 * floods tolerates a second's staleness (completions and other nodes' submissions are seen at the next reading).
 */
final class OpenTaskCount {
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final LongSupplier read;
    private long counted;
    private long readAtNanos;
    private boolean fresh;

    OpenTaskCount(LongSupplier read) {
        this.read = read;
    }

    /** The count as last read plus this node's submissions since. Age is a cache matter: measured on nanoTime. */
    synchronized long current() {
        long now = System.nanoTime();
        if (!fresh || now - readAtNanos >= MAX_AGE.toNanos()) {
            counted = read.getAsLong();
            readAtNanos = now;
            fresh = true;
        }
        return counted;
    }

    synchronized void added(int tasks) {
        counted += tasks;
    }
}
