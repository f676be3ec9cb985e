package com.aliaport.ops.jobrun;

/** What a job reports when it returns normally: done, or nothing to do. Failures are exceptions. */
public record JobResult(JobRunStatus status, String message) {
    public JobResult {
        if (status != JobRunStatus.SUCCEEDED && status != JobRunStatus.SKIPPED) {
            throw new IllegalArgumentException("a job returns SUCCEEDED or SKIPPED; it throws to fail");
        }
    }

    public static JobResult succeeded(String message) {
        return new JobResult(JobRunStatus.SUCCEEDED, message);
    }

    public static JobResult skipped(String reason) {
        return new JobResult(JobRunStatus.SKIPPED, reason);
    }
}
