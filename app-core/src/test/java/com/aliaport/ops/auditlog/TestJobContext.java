package com.aliaport.ops.auditlog;

import com.aliaport.ops.jobrun.JobContext;
import com.aliaport.ops.jobrun.TriggerKind;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A job context outside the executor: keeps every progress call, stops when told. */
final class TestJobContext implements JobContext {
    record Progress(long current, long total, String message) {}

    private final Clock clock;
    private final Map<String, String> parameters;
    final List<Progress> progress = new CopyOnWriteArrayList<>();
    final AtomicBoolean stop = new AtomicBoolean();
    private volatile long stopAt = Long.MAX_VALUE;

    TestJobContext(Clock clock) {
        this(clock, Map.of());
    }

    TestJobContext(Clock clock, Map<String, String> parameters) {
        this.clock = clock;
        this.parameters = parameters;
    }

    /** Asks the job to stop once its progress reaches {@code rows}. */
    TestJobContext stoppingAt(long rows) {
        stopAt = rows;
        return this;
    }

    @Override
    public long runId() {
        return 0;
    }

    @Override
    public String jobId() {
        return AuditArchiveJob.JOB_ID;
    }

    @Override
    public TriggerKind triggerKind() {
        return TriggerKind.MANUAL;
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public Instant scheduledAt() {
        return clock.instant();
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void progress(long current, long total, String message) {
        progress.add(new Progress(current, total, message));
        if (current >= stopAt) {
            stop.set(true);
        }
    }

    @Override
    public boolean stopRequested() {
        return stop.get();
    }
}
