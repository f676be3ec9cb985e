package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.Loops;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * submissions, and reads every second or two before it gets there; far below it, a reading a second did nothing but
 * cost: on a table whose dead index entries nobody has vacuumed yet the count took 5-11 ms of a PostgreSQL process
 * (issue 17's benchmark, autovacuum off), every second on every node, landing among the single round trips.
 *
 * <p>Only the first reading is made by a submitter. Later ones are made by a thread of their own, started with the
 * first, which looks every {@link #NEAR_AGE} and reads once the reading is older than its age and a submission has
 * asked for the count since: an idle node reads nothing, and a reading is at most one look late. Submitters only take
 * the count. Until session 50 a submitter that found the reading old started the reading's thread itself: a branch
 * taken once in ten seconds, which (as the JIT logs fit) C2 had left out of the compiled submission path, so that
 * taking it threw that code away, to be profiled and compiled again (issue 17: just before the measured trips).
 */
final class OpenTaskCount implements AutoCloseable {
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
    /** A submission took the count since the last reading. */
    private boolean asked;

    private ScheduledExecutorService reader;
    private boolean closed;

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

    /** The count as last read plus this node's submissions since; the first call reads it. */
    long current() {
        synchronized (this) {
            if (fresh) {
                asked = true;
                return counted;
            }
        }
        long first = read.applyAsLong(limit);
        synchronized (this) {
            if (!fresh) {
                counted = first;
                readAtNanos = System.nanoTime();
                fresh = true;
                if (!closed) {
                    // A platform thread: the first virtual thread of a JVM loads their classes, and C2 then throws
                    // away its compiled lock, park and socket methods (23 of them, mid-batch, in the queue bench).
                    reader = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                            .daemon()
                            .name("report-backlog-count")
                            .unstarted(r));
                    reader.scheduleWithFixedDelay(
                            () -> Loops.runLogged("open report task count", this::readIfOld),
                            nearAgeNanos,
                            nearAgeNanos,
                            TimeUnit.NANOSECONDS);
                }
            }
            return counted;
        }
    }

    synchronized void added(int tasks) {
        counted += tasks;
    }

    /** Stops the reading's thread. */
    @Override
    public void close() {
        ScheduledExecutorService r;
        synchronized (this) {
            closed = true;
            r = reader;
        }
        if (r != null) {
            r.shutdownNow();
        }
    }

    /** Reads again if the reading is older than its age and was asked for since (age on nanoTime). */
    private void readIfOld() {
        long started;
        synchronized (this) {
            long maxAge = counted * 2 >= limit ? nearAgeNanos : farAgeNanos;
            started = System.nanoTime();
            if (!asked || started - readAtNanos < maxAge) {
                return;
            }
            asked = false;
        }
        try {
            long now = read.applyAsLong(limit);
            synchronized (this) {
                counted = now;
                readAtNanos = started;
            }
        } catch (RuntimeException e) {
            // Kept as it was, and read again once asked again: PostgreSQL away fails the submission anyway.
            log.debug("open report tasks not counted: {}", e.toString());
        }
    }
}
