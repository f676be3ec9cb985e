package com.aliaport.ops.reportqueue;

import com.aliaport.ops.reportqueue.db.HeldSubmission;
import java.util.List;

/**
 * The idle worker slots of this node, as a submission written here sees them: a task submitted while a slot
 * waits for work is claimed for that slot in its own insert and handed to it in memory, without the trip
 * through Redis and a second statement to claim it (issue 17). The claim is the same as a slot's own (fencing
 * token, lease, attempt row), so a node that dies with the task is covered by the lease as before.
 */
public interface LocalSlots {
    /** No slots here (a process that only submits, or one without workers). */
    LocalSlots NONE = n -> List.of();

    /** Reserves up to {@code n} slots that wait for work now; each must be {@link Reservation#run} or released. */
    List<Reservation> reserve(int n);

    /** One reserved slot: it takes nothing from the queue until the task it is given ends, or it is released. */
    interface Reservation {
        /** The worker id the task is claimed for (the slot's consumer name). */
        String workerId();

        /** Runs {@code claimed} (claimed for {@link #workerId()} in its insert) in this slot; returns at once. */
        void run(ReportTask claimed);

        /** Runs the task of {@code held} in this slot, its submission held back (see there); returns at once. */
        void runHeld(HeldSubmission held);

        /** Gives the slot back unused: the submission was refused or not written. */
        void release();
    }
}
