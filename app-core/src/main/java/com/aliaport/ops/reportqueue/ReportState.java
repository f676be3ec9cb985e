package com.aliaport.ops.reportqueue;

/** A report task's state, with the seed's Celery names so that its frontend reads them unchanged. */
public enum ReportState {
    PENDING,
    STARTED,
    PROGRESS,
    SUCCESS,
    FAILURE,
    CANCELLED;

    /** Held by a worker right now. */
    public boolean running() {
        return this == STARTED || this == PROGRESS;
    }

    public boolean terminal() {
        return this == SUCCESS || this == FAILURE || this == CANCELLED;
    }
}
