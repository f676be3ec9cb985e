package com.aliaport.ops.common;

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
}
