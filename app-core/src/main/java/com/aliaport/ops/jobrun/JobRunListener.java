package com.aliaport.ops.jobrun;

import java.time.Duration;

/** Told of every finished or missed run (metrics, alerts). {@link #NOOP} where nobody listens. */
public interface JobRunListener {
    JobRunListener NOOP = new JobRunListener() {};

    default void runFinished(String jobId, TriggerKind kind, JobRunStatus status, Duration took, String message) {}

    default void runMissed(String jobId, int missedFirings) {}

    /** A start refused by the job's {@link RunGuard}: recorded SKIPPED, nothing ran. */
    default void runRefused(String jobId, TriggerKind kind, String message) {}

    static JobRunListener all(JobRunListener... listeners) {
        return new JobRunListener() {
            @Override
            public void runFinished(
                    String jobId, TriggerKind kind, JobRunStatus status, Duration took, String message) {
                for (JobRunListener l : listeners) {
                    l.runFinished(jobId, kind, status, took, message);
                }
            }

            @Override
            public void runMissed(String jobId, int missedFirings) {
                for (JobRunListener l : listeners) {
                    l.runMissed(jobId, missedFirings);
                }
            }

            @Override
            public void runRefused(String jobId, TriggerKind kind, String message) {
                for (JobRunListener l : listeners) {
                    l.runRefused(jobId, kind, message);
                }
            }
        };
    }
}
