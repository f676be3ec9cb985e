package com.aliaport.ops.jobrun;

import com.aliaport.ops.common.AliaportException;

/**
 * A run that could not begin because PostgreSQL did not answer its start (the run guard, the RUNNING row): nothing
 * of the job ran and nothing was recorded, so the caller may try the same start again.
 */
public final class JobNotStartedException extends AliaportException {
    public JobNotStartedException(String jobId, RuntimeException cause) {
        super(jobId + ": not started, its start could not be recorded: " + cause.getMessage(), cause);
    }
}
