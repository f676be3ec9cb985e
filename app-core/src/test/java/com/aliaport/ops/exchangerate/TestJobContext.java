package com.aliaport.ops.exchangerate;

import com.aliaport.ops.jobrun.JobContext;
import com.aliaport.ops.jobrun.TriggerKind;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** A {@link JobContext} for calling a job body directly. */
public record TestJobContext(TriggerKind triggerKind, int attempt, Map<String, String> parameters, Clock clock)
        implements JobContext {

    public static TestJobContext scheduled(int attempt, Clock clock) {
        return new TestJobContext(TriggerKind.SCHEDULED, attempt, Map.of(), clock);
    }

    public static TestJobContext manual(Clock clock) {
        return new TestJobContext(TriggerKind.MANUAL, 1, Map.of(), clock);
    }

    public static TestJobContext manualOn(String date, Clock clock) {
        return new TestJobContext(TriggerKind.MANUAL, 1, Map.of("date", date), clock);
    }

    @Override
    public long runId() {
        return 7;
    }

    @Override
    public String jobId() {
        return KurGuncellemeJob.JOB_ID;
    }

    @Override
    public Instant scheduledAt() {
        return clock.instant();
    }

    @Override
    public void progress(long current, long total, String message) {}

    @Override
    public boolean stopRequested() {
        return false;
    }
}
