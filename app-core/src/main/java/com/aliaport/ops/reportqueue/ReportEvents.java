package com.aliaport.ops.reportqueue;

import java.util.Optional;
import java.util.UUID;

/** Tells listeners that a task changed (state or progress), so that live views need not poll hard. */
public interface ReportEvents {
    /** No push: subscribers rely on their own fallback polling. */
    ReportEvents NONE = new ReportEvents() {
        @Override
        public Subscription subscribe(UUID id, Runnable onChange) {
            return () -> {};
        }

        @Override
        public Subscription subscribeToEnd(UUID id, long since, Runnable onEnd) {
            return () -> {};
        }
    };

    /**
     * Calls {@code onChange} whenever task {@code id} changes, until closed. It runs on the listener thread or on
     * the thread of this process that wrote the change: it must be quick (release a semaphore, wake a loop).
     */
    Subscription subscribe(UUID id, Runnable onChange);

    /**
     * Where this process's stream of changes stands now. A waiter that takes it before it submits a task and
     * subscribes to the task's end with it afterwards ({@link #subscribeToEnd}) learns of an end that came in
     * between (a quick report on an idle node ends before its submission's answer is read) without reading the task.
     */
    default long position() {
        return 0;
    }

    /**
     * Calls {@code onEnd} when task {@code id} ends (SUCCESS, FAILURE, CANCELLED) or may have (a change told without
     * its state), until closed, and once at once if it did after {@code since} (a {@link #position()}) or if that
     * cannot be known any more. Claims and progress do not call it. Runs where {@link #subscribe}'s calls run, or
     * on the caller's thread.
     */
    Subscription subscribeToEnd(UUID id, long since, Runnable onEnd);

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
