package com.aliaport.ops.jobrun;

public enum JobRunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Failed, and a retry is scheduled. */
    RETRYING,
    TIMED_OUT,
    /** Could not start within the misfire grace; not fired. */
    MISSED,
    /** Nothing to do (a weekend, a holiday); not a failure. */
    SKIPPED;

    public boolean finished() {
        return this != RUNNING;
    }
}
