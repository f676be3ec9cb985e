package com.aliaport.ops.testsupport;

import com.aliaport.ops.jobrun.JobContext;
import com.aliaport.ops.jobrun.TriggerKind;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one {@link JobContext} for calling a job body directly, outside the executor: keeps every progress call
 * and stops when told (or once progress reaches a given count).
 */
public final class TestJobContext implements JobContext {
    public record Progress(long current, long total, String message) {}

    private final String jobId;
    private final TriggerKind kind;
    private final int attempt;
    private final Map<String, String> parameters;
    private final Clock clock;
    public final List<Progress> progress = new CopyOnWriteArrayList<>();
    public final AtomicBoolean stop = new AtomicBoolean();
    private volatile long stopAt = Long.MAX_VALUE;

    private TestJobContext(String jobId, TriggerKind kind, int attempt, Map<String, String> parameters, Clock clock) {
        this.jobId = jobId;
        this.kind = kind;
        this.attempt = attempt;
        this.parameters = parameters;
        this.clock = clock;
    }

    public static TestJobContext manual(String jobId, Clock clock) {
        return new TestJobContext(jobId, TriggerKind.MANUAL, 1, Map.of(), clock);
    }

    public static TestJobContext scheduled(String jobId, int attempt, Clock clock) {
        return new TestJobContext(jobId, TriggerKind.SCHEDULED, attempt, Map.of(), clock);
    }

    public TestJobContext withParameters(Map<String, String> values) {
        return new TestJobContext(jobId, kind, attempt, Map.copyOf(values), clock);
    }

    /** Asks the job to stop once its progress reaches {@code rows}. */
    public TestJobContext stoppingAt(long rows) {
        stopAt = rows;
        return this;
    }

    @Override
    public long runId() {
        return 7;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public TriggerKind triggerKind() {
        return kind;
    }

    @Override
    public int attempt() {
        return attempt;
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
