package com.aliaport.ops.daemon.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or the time is up (then fails with what was last seen). */
public final class Await {
    private Await() {}

    public static <T> T until(Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
            }
            DaemonNode.sleep(200);
            last = probe.get();
        }
        return last;
    }
}
