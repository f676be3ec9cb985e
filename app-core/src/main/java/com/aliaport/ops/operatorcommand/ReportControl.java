package com.aliaport.ops.operatorcommand;

import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportTask;
import java.util.Optional;
import java.util.UUID;

/**
 * The report queue as the command processor needs it ({@code ReportQueueService} in the daemon and the CLI). The
 * processor reads the task first and decides what may be done (unknown, already finished, not dead-lettered);
 * {@link #cancel} and {@link #requeue} throw an unchecked exception naming the task when the queue refuses after
 * all (the task changed in between).
 */
public interface ReportControl {
    /** A process without a report queue: it cannot act on report tasks (its processor leaves those commands). */
    ReportControl NONE = new ReportControl() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Optional<ReportTask> find(UUID id) {
            throw new IllegalStateException("no report queue on this node");
        }

        @Override
        public ReportTask cancel(UUID id) {
            throw new IllegalStateException("no report queue on this node");
        }

        @Override
        public ReportTask requeue(UUID id) {
            throw new IllegalStateException("no report queue on this node");
        }
    };

    /** Whether this process can act on report tasks; false only for {@link #NONE}. */
    default boolean available() {
        return true;
    }

    Optional<ReportTask> find(UUID id);

    /** Cancels a pending task at once, or asks the worker of a running one to stop; the task as it now stands. */
    ReportTask cancel(UUID id);

    /** Puts a finished task back to PENDING with fresh attempts and hands it to the queue; the task now. */
    ReportTask requeue(UUID id);

    /** The real report queue. */
    static ReportControl of(ReportQueueService service) {
        return new ReportControl() {
            @Override
            public Optional<ReportTask> find(UUID id) {
                return service.find(id);
            }

            @Override
            public ReportTask cancel(UUID id) {
                return service.cancel(id);
            }

            @Override
            public ReportTask requeue(UUID id) {
                return service.requeue(id);
            }
        };
    }
}
