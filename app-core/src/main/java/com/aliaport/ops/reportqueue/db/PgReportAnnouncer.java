package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.db.FixedSql;
import com.aliaport.ops.reportqueue.ReportChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces task changes with {@code NOTIFY report_progress} (JSON: id, type, user, state, current, total,
 * status), from one thread and in batches: whatever changed while the previous batch was sent goes out in one
 * statement that reads the tasks' current rows. Writers never wait for it; a listener that misses a
 * notification (PostgreSQL away) catches up with its next read. Changes are gathered for 5 ms, for 50 ms under a
 * burst (at least 16 changes waiting when a gathering starts, arriving at 16 or more every 5 ms since the last batch
 * was taken): a task claimed and ended within that time is announced once, with its end, instead of once a state.
 */
public final class PgReportAnnouncer implements ReportChanges, AutoCloseable {
    public static final String CHANNEL = "report_progress";
    private static final Logger log = LoggerFactory.getLogger(PgReportAnnouncer.class);
    private static final int MAX_BATCH = 1_000;
    private static final int MAX_PENDING = 100_000;
    private static final Duration LINGER = Duration.ofMillis(5);
    private static final Duration BUSY_LINGER = Duration.ofMillis(50);
    /** Changes waiting when a gathering starts from which it counts as a burst. */
    private static final int BUSY_WAITING = 16;

    private final FixedSql sql;
    private final Duration linger;
    private final Duration busyLinger;
    private final LinkedBlockingQueue<UUID> changed = new LinkedBlockingQueue<>(MAX_PENDING);
    private volatile boolean running;
    private Thread thread;

    public PgReportAnnouncer(DSLContext dsl) {
        this(dsl, LINGER);
    }

    /** With another gathering time than 5 ms (the benchmark measures the wake-up without it). */
    public PgReportAnnouncer(DSLContext dsl, Duration linger) {
        this(dsl, linger, BUSY_LINGER);
    }

    /** With other gathering times than 5 ms, and 50 ms under a burst. */
    public PgReportAnnouncer(DSLContext dsl, Duration linger, Duration busyLinger) {
        this.sql = new FixedSql(dsl);
        this.linger = linger;
        this.busyLinger = busyLinger;
    }

    public synchronized PgReportAnnouncer start() {
        if (!running) {
            running = true;
            thread = Thread.ofPlatform().name("report-announcer").daemon(true).start(this::loop);
        }
        return this;
    }

    @Override
    public void changed(UUID taskId) {
        // A full queue drops the announcement, never blocks a worker: listeners re-read anyway.
        changed.offer(taskId);
    }

    private void loop() {
        long drainedAt = System.nanoTime();
        int left = 0;
        while (running) {
            try {
                List<UUID> batch = new ArrayList<>();
                batch.add(changed.take());
                // Gather what else changes meanwhile: one statement for a task's quick succession of states, and
                // no competition with the writes being announced. This process's own waiters are told at once
                // (PgReportEvents.changed); other processes are woken at once through Redis (RedisReportWakeups)
                // and see the notification a few milliseconds later. Under a burst (changes pile up while the previous
                // batch is sent), a longer gathering folds a task's claim and end into one notification. With 5 ms
                // throughout, the queue bench sent 2.7 a task, about a tenth of the queue's statement time.
                int waiting = changed.size() + 1;
                Duration gathering =
                        burst(waiting, waiting - left, System.nanoTime() - drainedAt) ? busyLinger : linger;
                if (gathering.isPositive()) {
                    Thread.sleep(gathering);
                }
                changed.drainTo(batch, MAX_BATCH - 1);
                drainedAt = System.nanoTime();
                left = changed.size();
                announce(new ArrayList<>(new LinkedHashSet<>(batch)));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("report progress announcement lost: {}", e.toString());
            }
        }
    }

    /**
     * Whether the changes come as a burst: {@code waiting} now (at least {@link #BUSY_WAITING}), {@code arrived} of
     * them in the {@code nanos} since the last batch was taken, as fast as {@link #BUSY_WAITING} in 5 ms or faster.
     * By the count alone, a steady trickle of single requests (a change every 0.7 ms) kept the gathering at 50 ms once
     * a burst had set it: the 60-odd changes of a 50 ms gathering took long enough to send that 16 more came
     * meanwhile, and each batch's statement and its listener's reading were bursts of 2-4 ms of a core, which the
     * requests' own threads waited behind (issue 17, session 38).
     */
    static boolean burst(int waiting, int arrived, long nanos) {
        return waiting >= BUSY_WAITING && (double) arrived * LINGER.toNanos() >= (double) BUSY_WAITING * nanos;
    }

    /** Announces these tasks now, from the calling thread (for a process that does not {@link #start()} it). */
    public void announceNow(List<UUID> ids) {
        announce(ids);
    }

    private void announce(List<UUID> ids) {
        // A notification is delivered at commit whether or not the commit waits for its WAL flush, and nothing here
        // has to survive a crash: the commit does not wait (one fsync less per batch).
        sql.query("""
                SELECT pg_notify('report_progress', json_build_object(
                    'id', id, 'type', task_type, 'user', requested_by, 'state', state,
                    'current', progress_current, 'total', progress_total,
                    'status', left(progress_status, 200))::text)
                FROM report_tasks, (SELECT set_config('synchronous_commit', 'off', true)) async_commit
                WHERE id = ANY(?)""", rs -> null, (Object) ids.toArray(UUID[]::new));
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
