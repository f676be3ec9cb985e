package com.aliaport.ops.operatorcommand;

import com.aliaport.ops.reportqueue.ReportLinks;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportTask;
import java.util.Map;
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

        @Override
        public ReportTask submit(String type, Map<String, String> parameters, String userId, String key) {
            throw new IllegalStateException("no report queue on this node");
        }

        @Override
        public Optional<ReportLinks.Link> link(ReportTask task) {
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

    /**
     * Submits a report through the queue (validated as the API validates) as {@code userId}, under the idempotency
     * key {@code key}, so that carrying out the same command twice queues one task; the task as stored. Throws
     * {@link com.aliaport.ops.report.InvalidReportParameterException} naming the field, or the queue's refusals.
     */
    ReportTask submit(String type, Map<String, String> parameters, String userId, String key);

    /** The signed download link of a finished task's file; empty when it has none. */
    Optional<ReportLinks.Link> link(ReportTask task);

    /** The real report queue, without storage (no links: a process that keeps no report files). */
    static ReportControl of(ReportQueueService service) {
        return of(service, Optional.empty());
    }

    /** The real report queue and the links of its storage. */
    static ReportControl of(ReportQueueService service, Optional<ReportLinks> links) {
        return new ReportControl() {
            @Override
            public ReportTask submit(String type, Map<String, String> parameters, String userId, String key) {
                return service.submit(new ReportQueueService.SubmitRequest(
                                type, Map.copyOf(parameters), userId, Optional.of(key)))
                        .task();
            }

            @Override
            public Optional<ReportLinks.Link> link(ReportTask task) {
                return links.orElseThrow(() -> new InvalidCommandException("LINK_REPORT: no report storage here"))
                        .link(task);
            }

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
