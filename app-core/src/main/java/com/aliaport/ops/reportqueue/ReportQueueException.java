package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.AliaportException;
import java.time.Duration;
import java.util.Collection;

/** Why a report request was refused; each subclass maps to one HTTP answer and one CLI message. */
public sealed class ReportQueueException extends AliaportException
        permits ReportQueueException.UnknownType,
                ReportQueueException.RateLimited,
                ReportQueueException.BacklogFull,
                ReportQueueException.IdempotencyConflict,
                ReportQueueException.NotFound,
                ReportQueueException.NotCancellable,
                ReportQueueException.NotRequeueable {

    ReportQueueException(String message) {
        super(message);
    }

    public static final class UnknownType extends ReportQueueException {
        public UnknownType(String type, Collection<String> known) {
            super("unknown report type '" + type + "' (known: " + String.join(", ", known) + ")");
        }
    }

    /** The user asked for too many reports in the last minute; {@code retryAfter} until the window frees. */
    public static final class RateLimited extends ReportQueueException {
        private final Duration retryAfter;

        public RateLimited(String user, int perMinute, Duration retryAfter) {
            super("user " + user + " may request at most " + perMinute + " reports per minute");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Too many tasks are waiting or running across the system. */
    public static final class BacklogFull extends ReportQueueException {
        private final Duration retryAfter;

        public BacklogFull(long open, int limit, Duration retryAfter) {
            super(open + " report tasks are waiting or running (limit " + limit + "); try again later");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    public static final class IdempotencyConflict extends ReportQueueException {
        public IdempotencyConflict(String key) {
            super("Idempotency-Key '" + key + "' was already used for a different request");
        }
    }

    public static final class NotFound extends ReportQueueException {
        public NotFound(java.util.UUID id) {
            super("report task " + id + " not found");
        }
    }

    public static final class NotCancellable extends ReportQueueException {
        public NotCancellable(java.util.UUID id, ReportState state) {
            super("report task " + id + " is " + state + " and can no longer be cancelled");
        }
    }

    public static final class NotRequeueable extends ReportQueueException {
        public NotRequeueable(java.util.UUID id, ReportState state) {
            super("report task " + id + " is " + state + "; only FAILURE and CANCELLED tasks can be requeued");
        }
    }
}
