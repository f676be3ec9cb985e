package com.aliaport.ops.jobrun;

/**
 * The body of a scheduled job, free of any scheduler type: the daemon's Quartz adapter and the CLI's
 * {@code jobs run} both call it through {@link JobRunExecutor}.
 */
@FunctionalInterface
public interface JobTask {
    /** Does the work; returns SUCCEEDED or SKIPPED with a one-line message, or throws to fail. */
    JobResult run(JobContext context) throws Exception;
}
