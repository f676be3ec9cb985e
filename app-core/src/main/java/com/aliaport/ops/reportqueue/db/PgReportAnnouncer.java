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
 * notification (PostgreSQL away) catches up with its next read.
 */
public final class PgReportAnnouncer implements ReportChanges, AutoCloseable {
    public static final String CHANNEL = "report_progress";
    private static final Logger log = LoggerFactory.getLogger(PgReportAnnouncer.class);
    private static final int MAX_BATCH = 1_000;
    private static final int MAX_PENDING = 100_000;
    private static final Duration LINGER = Duration.ofMillis(5);

    private final FixedSql sql;
    private final Duration linger;
    private final LinkedBlockingQueue<UUID> changed = new LinkedBlockingQueue<>(MAX_PENDING);
    private volatile boolean running;
    private Thread thread;

    public PgReportAnnouncer(DSLContext dsl) {
        this(dsl, LINGER);
    }

    /** With another gathering time than 5 ms (the benchmark measures the wake-up without it). */
    public PgReportAnnouncer(DSLContext dsl, Duration linger) {
        this.sql = new FixedSql(dsl);
        this.linger = linger;
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
        while (running) {
            try {
                List<UUID> batch = new ArrayList<>();
                batch.add(changed.take());
                // Gather what else changes meanwhile: one statement for a task's quick succession of states, and
                // no competition with the writes being announced. This process's own waiters are told at once
                // (PgReportEvents.changed); other processes are woken at once through Redis (RedisReportWakeups)
                // and see the notification a few milliseconds later.
                if (linger.isPositive()) {
                    Thread.sleep(linger);
                }
                changed.drainTo(batch, MAX_BATCH - 1);
                announce(new ArrayList<>(new LinkedHashSet<>(batch)));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("report progress announcement lost: {}", e.toString());
            }
        }
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
