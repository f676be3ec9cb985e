package com.aliaport.ops.reportqueue;

import java.util.UUID;

/** Told of every change the queue writes to a task, so that it can be announced to live views. */
@FunctionalInterface
public interface ReportChanges {
    ReportChanges NONE = id -> {};

    /** The task changed (state or progress); told after the change is committed. */
    void changed(UUID taskId);

    /**
     * The task reached its end (SUCCESS, FAILURE, CANCELLED), committed: told instead of {@link #changed}, for
     * those that wake only the waiters of results. By default the same as {@link #changed}.
     */
    default void finished(UUID taskId) {
        changed(taskId);
    }

    /** As {@link #finished}, with the task as its end left it (the row its writer got back). */
    default void ended(ReportTask task) {
        finished(task.id());
    }

    /**
     * Whether ends are wanted with their rows ({@link #ended}) now: reading them back costs the writer, so it does
     * only while someone waits for one.
     */
    default boolean wantsEndedRows() {
        return false;
    }

    /** Tells {@code this} and then {@code next}. */
    default ReportChanges andThen(ReportChanges next) {
        ReportChanges first = this;
        return new ReportChanges() {
            @Override
            public void changed(UUID id) {
                first.changed(id);
                next.changed(id);
            }

            @Override
            public void finished(UUID id) {
                first.finished(id);
                next.finished(id);
            }

            @Override
            public void ended(ReportTask task) {
                first.ended(task);
                next.ended(task);
            }

            @Override
            public boolean wantsEndedRows() {
                return first.wantsEndedRows() || next.wantsEndedRows();
            }
        };
    }
}
