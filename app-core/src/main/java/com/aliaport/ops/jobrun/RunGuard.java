package com.aliaport.ops.jobrun;

import java.util.Optional;

/**
 * At most one run of a job at a time, cluster-wide, whatever starts it: a Quartz firing, a retry, an operator's
 * trigger or rerun, or {@code jobs run} in a CLI process. {@link JobRunExecutor} takes the job's guard before it
 * records a run and keeps it until the run's thread has really ended, also when the run was abandoned at its hard
 * time limit.
 */
public interface RunGuard {
    /** The job's guard, or empty when another run of the job, anywhere, holds it now. */
    Optional<Held> tryAcquire(String jobId);

    /** A held guard; {@link #release()} may be called more than once (only the first counts). */
    interface Held {
        void release();
    }
}
