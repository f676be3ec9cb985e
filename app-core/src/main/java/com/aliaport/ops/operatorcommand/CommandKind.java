package com.aliaport.ops.operatorcommand;

/**
 * What an operator asks the cluster to do. The target is a job id, a job run id for {@link #RERUN}, or a report
 * task id (UUID) for {@link #CANCEL_REPORT}, {@link #REQUEUE_REPORT} and {@link #LINK_REPORT}, a report type for
 * {@link #SUBMIT_REPORT}.
 */
public enum CommandKind {
    PAUSE,
    RESUME,
    RUN_NOW,
    /** Run now for the date in parameter {@code date} (yyyy-MM-dd), for jobs that take one. */
    RUN_FOR_DATE,
    /** Run the job of a finished run again, with that run's parameters (a MANUAL run). */
    RERUN,
    /** Cancel a report task: a pending one at once, a running one by asking its worker to stop. */
    CANCEL_REPORT,
    /** Put a dead-lettered report task back in the queue with fresh attempts. */
    REQUEUE_REPORT,
    /**
     * Queue a report: the target is its type, the parameters its parameters; submitted through the report queue
     * with the command's requester as the task's requester.
     */
    SUBMIT_REPORT,
    /** Sign a download link of a finished report task, kept in {@code report_links} for the requester only. */
    LINK_REPORT;

    /** Whether a report queue carries it out ({@link ReportControl}). */
    public boolean onReport() {
        return this == CANCEL_REPORT || this == REQUEUE_REPORT || this == SUBMIT_REPORT || this == LINK_REPORT;
    }

    /** Whether the target is a report task id. */
    public boolean onTask() {
        return this == CANCEL_REPORT || this == REQUEUE_REPORT || this == LINK_REPORT;
    }
}
