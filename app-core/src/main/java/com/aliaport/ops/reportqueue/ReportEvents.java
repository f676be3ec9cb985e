package com.aliaport.ops.reportqueue;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Tells listeners that a task changed (state or progress), so that live views need not poll hard. */
public interface ReportEvents {
    /** No push: subscribers rely on their own fallback polling. */
    ReportEvents NONE = (id, onChange) -> () -> {};

    /**
     * Calls {@code onChange} whenever task {@code id} changes, until closed. It runs on the listener thread, or on
     * the thread of this process that wrote the change: it must be quick (release a semaphore, wake a loop).
     */
    Subscription subscribe(UUID id, Runnable onChange);

    /**
     * As {@link #subscribe}, and told the task as written when this process itself ended it (a SUCCESS written here:
     * no need to read it back); told empty for every other change, which the subscriber reads.
     */
    default Subscription subscribeToRows(UUID id, Consumer<Optional<ReportTask>> onChange) {
        return subscribe(id, () -> onChange.accept(Optional.empty()));
    }

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
