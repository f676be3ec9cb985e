package com.aliaport.ops.reportqueue;

import java.util.UUID;

/** Tells listeners that a task changed (state or progress), so that live views need not poll hard. */
public interface ReportEvents {
    /** No push: subscribers rely on their own fallback polling. */
    ReportEvents NONE = (id, onChange) -> () -> {};

    /**
     * Calls {@code onChange} whenever task {@code id} changes, until closed. It runs on the listener thread, or on
     * the thread of this process that wrote the change: it must be quick (release a semaphore, wake a loop).
     */
    Subscription subscribe(UUID id, Runnable onChange);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
