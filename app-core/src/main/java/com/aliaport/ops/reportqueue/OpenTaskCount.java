package com.aliaport.ops.reportqueue;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of open tasks, for the backlog limit: read from PostgreSQL at most once per {@link #MAX_AGE} and
 * counted up by this node's own submissions in between. Counting the open tasks on every submission cost more
 * PostgreSQL time than the rest of the submission (0.6 ms at a backlog of a few thousand); a limit meant to stop
 * floods tolerates a second's staleness (completions and other nodes' submissions are seen at the next reading).
 *
 * <p>Only the first reading is made by a submitter. Later ones are made in the background while submitters go on
 * with the count they have: on a table whose dead index entries nobody has vacuumed yet, the count took 5-8 ms
 * (issue 17's benchmark, autovacuum off), and the submission that happened to read it waited that long.
 */
final class OpenTaskCount {
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(OpenTaskCount.class);

    private final LongSupplier read;
    private long counted;
    private long readAtNanos;
    private boolean fresh;
    private boolean reading;

    OpenTaskCount(LongSupplier read) {
        this.read = read;
    }

    /**
     * The count as last read plus this node's submissions since; a reading older than {@link #MAX_AGE} starts a new
     * one in the background. Age is a cache matter: measured on nanoTime.
     */
    long current() {
        synchronized (this) {
            if (fresh) {
                if (System.nanoTime() - readAtNanos >= MAX_AGE.toNanos() && !reading) {
                    reading = true;
                    Thread.ofVirtual().name("report-backlog-count").start(this::readAgain);
                }
                return counted;
            }
        }
        long first = read.getAsLong();
        synchronized (this) {
            if (!fresh) {
                counted = first;
                readAtNanos = System.nanoTime();
                fresh = true;
            }
            return counted;
        }
    }

    private void readAgain() {
        long started = System.nanoTime();
        try {
            long now = read.getAsLong();
            synchronized (this) {
                counted = now;
                readAtNanos = started;
            }
        } catch (RuntimeException e) {
            // Kept as it was, and read again at the next submission: PostgreSQL away fails the submission anyway.
            log.debug("open report tasks not counted: {}", e.toString());
        } finally {
            synchronized (this) {
                reading = false;
            }
        }
    }

    synchronized void added(int tasks) {
        counted += tasks;
    }
}
