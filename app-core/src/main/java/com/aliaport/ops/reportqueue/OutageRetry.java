package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.Loops;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the workers wait out a PostgreSQL or Redis outage: growing pauses, up to {@link #MAX_PAUSE}. */
final class OutageRetry {
    private static final Logger log = LoggerFactory.getLogger(OutageRetry.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private OutageRetry() {}

    /**
     * Runs {@code write}, waiting out a PostgreSQL outage with growing pauses, until it succeeds or {@code giveUp}
     * says to stop trying; then the last error is thrown.
     */
    static <T> T untilWritten(String what, BooleanSupplier giveUp, Supplier<T> write) {
        Duration pause = Duration.ofMillis(250);
        while (true) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (giveUp.getAsBoolean()) {
                    throw e;
                }
                if (!Loops.pause(pause)) {
                    throw e; // interrupted: stopping, not to be retried without pause
                }
                log.warn("{}: cannot be recorded yet ({}), retrying", what, e.toString());
                pause = longer(pause);
            }
        }
    }

    /** The next pause of a wait out an outage: twice as long, at most {@link #MAX_PAUSE}. */
    static Duration longer(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : doubled;
    }
}
