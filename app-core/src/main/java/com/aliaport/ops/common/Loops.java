package com.aliaport.ops.common;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one run-and-log-errors wrapper around every loop body and background tick: nothing dies silently. */
public final class Loops {
    private static final Logger log = LoggerFactory.getLogger(Loops.class);

    private Loops() {}

    /** Runs {@code body}; logs a failure once with {@code context} and returns false instead of throwing. */
    public static boolean runLogged(String context, Runnable body) {
        try {
            body.run();
            return true;
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            log.error("{} failed: {}", context, e.toString(), e);
            return false;
        }
    }

    /**
     * The wait of a loop before it tries again after a failure. False when the thread is interrupted (now or
     * before): the loop is to end. A sleep returns at once in an interrupted thread, so a loop that only kept the
     * interrupt would try, fail and log without pause (seen: 55,000 errors a second from a listener whose pool had
     * closed).
     */
    public static boolean pause(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
