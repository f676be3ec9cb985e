package com.aliaport.ops.reportqueue;

import java.util.Optional;
import java.util.UUID;

/** Tells listeners that a task changed (state or progress), so that live views need not poll hard. */
public interface ReportEvents {
    /** No push: subscribers rely on their own fallback polling. */
    ReportEvents NONE = (id, since, onChange) -> () -> {};

    /**
     * Where this process's stream of changes stands now. A caller that takes it before it submits a task and
     * subscribes with it afterwards learns of an end that came in between (a quick report on an idle node ends
     * before its submission's answer is read) without reading the task again to close that gap.
     */
    default long position() {
        return 0;
    }

    /**
     * Calls {@code onChange} whenever task {@code id} changes, until closed; and once at once if it ended (SUCCESS,
     * FAILURE, CANCELLED) after {@code since} (a {@link #position()}), or if that is too long ago to know. It runs on the listener thread, on
     * the thread of this process that wrote the change, or on the caller's: it must be quick (release a semaphore,
     * wake a loop).
     */
    Subscription subscribe(UUID id, long since, Runnable onChange);

    /** Calls {@code onChange} whenever task {@code id} changes from now on, until closed. */
    default Subscription subscribe(UUID id, Runnable onChange) {
        return subscribe(id, position(), onChange);
    }

    /**
     * The task as its end left it, if that end was written by this process after {@code since} (a
     * {@link #position()}) and is still remembered: a waiter woken by it need not read the task.
     */
    default Optional<ReportTask> endSince(UUID id, long since) {
        return Optional.empty();
    }

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
