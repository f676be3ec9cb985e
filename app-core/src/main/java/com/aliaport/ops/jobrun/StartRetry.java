package com.aliaport.ops.jobrun;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a run's start again while PostgreSQL does not answer it ({@link JobNotStartedException}: nothing ran),
 * pausing 250 ms doubling to 2 s, until a deadline (the fire time's grace) or until asked to stop. A fire time that
 * meets an outage thus runs late instead of vanishing.
 */
public final class StartRetry {
    private static final Logger log = LoggerFactory.getLogger(StartRetry.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LAST_PAUSE = Duration.ofSeconds(2);

    /** How the pauses are spent: {@link Thread#sleep(Duration)}, or a test's clock. */
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    private final Clock clock;
    private final Pause pause;

    public StartRetry(Clock clock) {
        this(clock, Thread::sleep);
    }

    StartRetry(Clock clock, Pause pause) {
        this.clock = clock;
        this.pause = pause;
    }

    /** {@code start}'s outcome; its last {@link JobNotStartedException} once past {@code giveUp} or stopped. */
    public <T> T until(Instant giveUp, BooleanSupplier stop, Supplier<T> start) {
        Duration next = FIRST_PAUSE;
        while (true) {
            try {
                return start.get();
            } catch (JobNotStartedException e) {
                if (stop.getAsBoolean() || !clock.instant().plus(next).isBefore(giveUp)) {
                    throw e;
                }
                log.warn("{}; trying again in {} ms", e.getMessage(), next.toMillis());
                try {
                    pause.pause(next);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                next = next.multipliedBy(2).compareTo(LAST_PAUSE) < 0 ? next.multipliedBy(2) : LAST_PAUSE;
            }
        }
    }
}
