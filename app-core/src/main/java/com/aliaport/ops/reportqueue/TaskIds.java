package com.aliaport.ops.reportqueue;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Report task ids, time-ordered (RFC 9562 version 7): the millisecond of the task's creation, then 74 random bits.
 * A new task's key lands at the end of the primary-key index instead of on a random page of it. The random bits
 * need not be secret: an id is no credential (the API answers a task only to its requester, a link is signed), so
 * they come from the thread's own generator, not from {@code SecureRandom}, whose lock and SHA-1 mixing every
 * submission paid (and whose code the JIT compiled among the queue's first tasks, issue 17).
 */
public final class TaskIds {
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

    private TaskIds() {}

    /** A new id for a task created at {@code createdAt}. */
    public static UUID next(Instant createdAt) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (createdAt.toEpochMilli() << 16) | VERSION_7 | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & VARIANT_MASK) | VARIANT_RFC;
        return new UUID(high, low);
    }
}
