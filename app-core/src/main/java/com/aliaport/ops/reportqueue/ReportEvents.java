package com.aliaport.ops.reportqueue;

import java.util.UUID;

/** Tells listeners that a task changed (state or progress), so that live views need not poll hard. */
public interface ReportEvents {
    /** No push: subscribers rely on their own fallback polling. */
    ReportEvents NONE = (id, onChange) -> () -> {};

    /** Calls {@code onChange} (on a listener thread) whenever task {@code id} changes, until closed. */
    Subscription subscribe(UUID id, Runnable onChange);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
