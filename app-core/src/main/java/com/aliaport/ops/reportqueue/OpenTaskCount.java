package com.aliaport.ops.reportqueue;

import java.time.Duration;
import java.util.function.IntToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of open tasks, for the backlog limit: read from PostgreSQL now and then and counted up by this node's
 * own submissions in between. Counting the open tasks on every submission cost more PostgreSQL time than the rest
 * of the submission (0.6 ms at a backlog of a few thousand); a limit meant to stop floods tolerates some staleness
 * (completions and other nodes' submissions are seen at the next reading).
 *
 * <p>How stale depends on how near the limit the count is: read again after {@link #NEAR_AGE} once the count is at
 * least half the limit, after {@link #FAR_AGE} below that. Each node still stops at the limit by its own
 * submissions, and reads every second before it gets there; far below it, a reading a second did nothing but cost:
 * on a table whose dead index entries nobody has vacuumed yet the count took 5-11 ms of a PostgreSQL process
 * (issue 17's benchmark, autovacuum off), every second on every node, landing among the single round trips.
 *
 * <p>Only the first reading is made by a submitter. Later ones are made in the background while submitters go on
 * with the count they have (the submission that happened to read it waited those 5-11 ms).
 */
final class OpenTaskCount {
    static final Duration NEAR_AGE = Duration.ofSeconds(1);
    static final Duration FAR_AGE = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(OpenTaskCount.class);

    /** Counts the open tasks up to the given cap (the limit: counting past it would tell nothing more). */
    private final IntToLongFunction read;

    private final int limit;
    private final long nearAgeNanos;
    private final long farAgeNanos;
    private long counted;
    private long readAtNanos;
    private boolean fresh;
    private boolean reading;

    OpenTaskCount(IntToLongFunction read, int limit) {
        this(read, limit, NEAR_AGE, FAR_AGE);
    }

    /** With other ages than the daemon's (tests). */
    OpenTaskCount(IntToLongFunction read, int limit, Duration nearAge, Duration farAge) {
        this.read = read;
        this.limit = limit;
        this.nearAgeNanos = nearAge.toNanos();
        this.farAgeNanos = farAge.toNanos();
    }

    /**
     * The count as last read plus this node's submissions since; a reading older than its age (see the class)
     * starts a new one in the background. Age is a cache matter: measured on nanoTime.
     */
    long current() {
        synchronized (this) {
            if (fresh) {
                long maxAge = counted * 2 >= limit ? nearAgeNanos : farAgeNanos;
                if (System.nanoTime() - readAtNanos >= maxAge && !reading) {
                    reading = true;
                    // A platform thread: the first virtual thread of a JVM loads their classes, and C2 then throws
                    // away its compiled lock, park and socket methods (23 of them, mid-batch, in the queue bench).
                    Thread.ofPlatform().daemon().name("report-backlog-count").start(this::readAgain);
                }
                return counted;
            }
        }
        long first = read.applyAsLong(limit);
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
            long now = read.applyAsLong(limit);
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
