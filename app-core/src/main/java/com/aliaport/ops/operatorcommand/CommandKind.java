package com.aliaport.ops.operatorcommand;

/** What an operator asks the cluster to do; the target is a job id, or a job run id for {@link #RERUN}. */
public enum CommandKind {
    PAUSE,
    RESUME,
    RUN_NOW,
    /** Run now for the date in parameter {@code date} (yyyy-MM-dd), for jobs that take one. */
    RUN_FOR_DATE,
    /** Run the job of a finished run again, with that run's parameters (a MANUAL run). */
    RERUN
}
