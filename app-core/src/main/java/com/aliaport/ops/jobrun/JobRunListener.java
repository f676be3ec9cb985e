package com.aliaport.ops.jobrun;

import java.time.Duration;

/** Told of every finished or missed run (metrics, alerts). {@link #NOOP} where nobody listens. */
public interface JobRunListener {
    JobRunListener NOOP = new JobRunListener() {};

    default void runFinished(String jobId, TriggerKind kind, JobRunStatus status, Duration took, String message) {}

    default void runMissed(String jobId, int missedFirings) {}

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
        };
    }
}
