package com.aliaport.ops.reportqueue;

import java.util.UUID;

/** Told of every change the queue writes to a task, so that it can be announced to live views. */
@FunctionalInterface
public interface ReportChanges {
    ReportChanges NONE = id -> {};

    void changed(UUID taskId);

    /** Tells {@code this} and then {@code next}. */
    default ReportChanges andThen(ReportChanges next) {
        return id -> {
            changed(id);
            next.changed(id);
        };
    }
}
