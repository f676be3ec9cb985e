package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.db.OpenTransaction;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportTask;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A submission inserted claimed for a waiting slot of this node in a transaction left open while the slot runs it:
 * if the report ends quickly its SUCCESS is written in the same transaction, and the submission and its result
 * share one commit, one WAL flush instead of two (issue 17). Only for a submitter that waits for the end and is
 * told of the task once it is committed ({@code ReportQueueService#submitAndAwait}): nobody knows of the task
 * before then, so a crash before the commit loses nothing anybody was told of. Whatever else the run would let
 * others see (progress, a heartbeat, an upload, a failure, the supervision of a long report) first
 * {@link #release}s it: the submission is committed alone, and the run goes on as any other.
 */
public final class HeldSubmission {
    private enum State {
        HELD,
        COMMITTED,
        LOST
    }

    private final OpenTransaction transaction;
    private final ReportTask task;
    private final ReportChanges changes;
    private final CompletableFuture<ReportTask> committed = new CompletableFuture<>();
    private State state = State.HELD;

    HeldSubmission(OpenTransaction transaction, ReportTask task, ReportChanges changes) {
        this.transaction = transaction;
        this.task = task;
        this.changes = changes;
    }

    /** The task as inserted: STARTED, claimed for the slot. */
    public ReportTask task() {
        return task;
    }

    /**
     * Completes with the task once its submission is committed: as submitted, or as it ended when its SUCCESS was
     * committed with it. Fails when it never will be.
     */
    public CompletableFuture<ReportTask> committed() {
        return committed;
    }

    /**
     * Commits the submission alone if it is still held. Throws when it is lost (this commit or an earlier one
     * failed): nothing of the run may be written then, and its submitter has been told.
     */
    public synchronized void release() {
        switch (state) {
            case COMMITTED -> {}
            case LOST -> throw new IllegalStateException("report task " + task.id() + ": submission not committed");
            case HELD -> {
                try {
                    transaction.commit();
                } catch (RuntimeException e) {
                    lost(e);
                    throw e;
                }
                state = State.COMMITTED;
                changes.changed(task.id());
                committed.complete(task);
            }
        }
    }

    /**
     * Writes the SUCCESS of {@code success} in the held transaction and commits the submission with it: the task
     * as it ended. Empty when the submission was released before (the result goes the usual way then). Throws when
     * the two could not be committed (both lost, the submitter told) or the submission was lost before.
     */
    public synchronized Optional<ReportTask> succeed(ReportTaskRepository.Success success, Instant at) {
        if (state != State.HELD) {
            release(); // throws when lost
            return Optional.empty();
        }
        List<ReportTask> ended;
        try {
            ended = transaction.queryAndCommit(
                    ReportTaskRepository.SUCCEED_ROWS,
                    ReportTaskRows::toTask,
                    ReportTaskRepository.successParams(List.of(success), at));
        } catch (RuntimeException e) {
            lost(e);
            throw e;
        }
        state = State.COMMITTED;
        // The submitter first, handed the end: each change told after wakes a thread (Redis, NOTIFY), and on two
        // cores the first woken runs first.
        committed.complete(ended.isEmpty() ? task : ended.getFirst());
        if (ended.isEmpty()) {
            changes.changed(task.id()); // the submission alone: the claim was not this one (not seen to happen)
        } else {
            changes.ended(ended.getFirst());
        }
        return ended.stream().findFirst();
    }

    private void lost(RuntimeException e) {
        state = State.LOST;
        transaction.close();
        committed.completeExceptionally(e);
    }
}
