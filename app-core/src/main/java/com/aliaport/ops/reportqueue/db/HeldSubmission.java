package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportTask;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A submission admitted for a waiting slot of this node and held back while the slot runs it: nothing is written
 * until the run ends or shows itself. If the report ends quickly with a plain SUCCESS, the task is inserted as it
 * ended, its attempt closed, in one statement and one commit: one row version and one WAL flush instead of an insert
 * and an update (issue 17). Only for a submitter that waits for the end and is told of the task once it is
 * committed ({@code ReportQueueService#submitAndAwait}): nobody knows of the task before then, so a crash before
 * the commit loses nothing anybody was told of. Whatever else the run would let others see (progress, a heartbeat,
 * an upload, a failure, the supervision of a long report) first {@link #release}s it: the task is inserted claimed
 * by the slot, as any submission handed to a slot is, and the run goes on as any other.
 */
public final class HeldSubmission {
    private enum State {
        HELD,
        COMMITTED,
        LOST
    }

    /**
     * The insert found the submission's place taken meanwhile (its idempotency key used by another request, or the
     * requester's rate filled by other nodes since it was admitted): nothing was written, and the run stops.
     */
    public static final class Refused extends RuntimeException {
        private final transient ReportTaskAdmissions.Admission admission;

        Refused(ReportTask task, ReportTaskAdmissions.Admission admission) {
            super("report task " + task.id() + ": submission refused when written (" + admission + ")");
            this.admission = admission;
        }

        public ReportTaskAdmissions.Admission admission() {
            return admission;
        }
    }

    private final ReportTaskAdmissions admissions;
    private final ReportTaskAdmissions.Claim claim;
    private final ReportTask task;
    private final ReportChanges changes;
    private final CompletableFuture<ReportTask> committed = new CompletableFuture<>();
    private State state = State.HELD;

    HeldSubmission(
            ReportTaskAdmissions admissions, ReportTaskAdmissions.Claim claim, ReportTask task, ReportChanges changes) {
        this.admissions = admissions;
        this.claim = claim;
        this.task = task;
        this.changes = changes;
    }

    /** The task as it would be inserted claimed: STARTED, first attempt, for the slot. */
    public ReportTask task() {
        return task;
    }

    /**
     * Completes with the task once its submission is committed: as inserted claimed, or as it ended when inserted
     * with its SUCCESS. Fails when it never will be ({@link Refused}, or the database's error).
     */
    public CompletableFuture<ReportTask> committed() {
        return committed;
    }

    /**
     * Inserts the task claimed by the slot if it is still held. Throws when it is lost (this insert or an earlier one
     * failed or was refused): nothing of the run may be written then, and its submitter has been told.
     */
    public synchronized void release() {
        switch (state) {
            case COMMITTED -> {}
            case LOST -> throw new IllegalStateException("report task " + task.id() + ": submission not committed");
            case HELD -> {
                ReportTaskAdmissions.Admission a;
                try {
                    a = admissions.insertClaimed(claim);
                } catch (RuntimeException e) {
                    throw lost(e);
                }
                if (!(a instanceof ReportTaskAdmissions.Admission.Created created)) {
                    throw lost(new Refused(task, a));
                }
                state = State.COMMITTED;
                changes.changed(task.id());
                committed.complete(created.task());
            }
        }
    }

    /**
     * Inserts the task as it ended with {@code success} (no file), its attempt closed: the task as it ended. Empty
     * when the submission was released before (the result goes the usual way then). Throws when it could not be
     * written (lost or refused, the submitter told) or was lost before.
     */
    public synchronized Optional<ReportTask> succeed(ReportTaskEnds.Success success, Instant at) {
        if (state != State.HELD || success.file().isPresent()) {
            release(); // throws when lost
            return Optional.empty();
        }
        Optional<ReportTask> ended;
        try {
            ended = admissions.insertSucceeded(claim, at);
        } catch (RuntimeException e) {
            throw lost(e);
        }
        if (ended.isEmpty()) {
            throw lost(new Refused(task, new ReportTaskAdmissions.Admission.KeyTaken()));
        }
        state = State.COMMITTED;
        // The submitter first, handed the end: each change told after wakes a thread (Redis, NOTIFY), and on two
        // cores the first woken runs first.
        committed.complete(ended.get());
        changes.ended(ended.get());
        return ended;
    }

    private RuntimeException lost(RuntimeException e) {
        state = State.LOST;
        committed.completeExceptionally(e);
        return e;
    }
}
