package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.reportqueue.ReportTask;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last changes told to this process, numbered, for {@link PgReportEvents}: a subscriber that took a position
 * before it submitted a task learns whether the task ended since, without reading it. A ring of fixed size: when
 * more changes than it holds have passed, or one is still being written, the answer is "maybe" (the caller reads).
 */
final class RecentChanges {
    /** {@code end}: the task as its end left it, when its writer was in this process; else null. */
    private record Told(long number, UUID id, boolean ended, ReportTask end) {}

    private final AtomicLong count = new AtomicLong();
    private final AtomicReferenceArray<Told> ring;

    RecentChanges(int size) {
        this.ring = new AtomicReferenceArray<>(size);
    }

    /** How many changes have been told so far: the position of the next one. */
    long position() {
        return count.get();
    }

    /** A change of task {@code id}; {@code ended}: it reached SUCCESS, FAILURE or CANCELLED. */
    void add(UUID id, boolean ended) {
        add(new Told(count.getAndIncrement(), id, ended, null));
    }

    /** A change not read (a notification let pass, or lost with the listening connection): maybe any task's end. */
    void addUnknown() {
        add(new Told(count.getAndIncrement(), null, true, null));
    }

    /** The end of a task, as its writer in this process got it back. */
    void addEnd(ReportTask task) {
        add(new Told(count.getAndIncrement(), task.id(), true, task));
    }

    private void add(Told t) {
        ring.set(slot(t.number()), t);
    }

    /** The task as its end, told since {@code since} by its writer in this process, left it; if still held. */
    Optional<ReportTask> endSince(UUID id, long since) {
        long end = count.get();
        for (long n = Math.max(since, end - ring.length()); n < end; n++) {
            Told t = ring.get(slot(n));
            if (t != null && t.number() == n && t.end() != null && id.equals(t.id())) {
                return Optional.of(t.end());
            }
        }
        return Optional.empty();
    }

    /** False only when every change told since {@code since} is known and none is the end of {@code id}. */
    boolean mayHaveEndedSince(UUID id, long since) {
        long end = count.get();
        if (end - since > ring.length()) {
            return true;
        }
        for (long n = Math.max(0, since); n < end; n++) {
            Told t = ring.get(slot(n));
            if (t == null || t.number() != n || (t.ended() && (t.id() == null || t.id().equals(id)))) {
                return true; // its end, an unknown change, or one not stored yet (counted, being stored) or overwritten
            }
        }
        return false;
    }

    private int slot(long n) {
        return (int) Math.floorMod(n, (long) ring.length());
    }
}
