package com.aliaport.ops.reportqueue;

import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.report.ReportDataException;
import java.util.Optional;

/**
 * Why a report task ended without its report, as the HTTP API and {@code reports status} tell the person who
 * asked for it: a stable code and a message safe to show. The detail (exception class, SQL, paths) stays in
 * {@code report_tasks.error} and the log, for operators. Codes are part of the contract (docs/contract.md).
 */
public enum ReportErrorCode {
    /** A parameter the report refused when it ran (e.g. a customer that no longer exists): our own text. */
    INVALID_PARAMETER(null),
    /** The data cannot give a correct report (e.g. no exchange rate for a currency and date): our own text. */
    REPORT_DATA(null),
    TIMED_OUT("the report took longer than its time limit and was stopped"),
    WORKER_LOST("the server building the report stopped answering and no attempts were left"),
    CANCELLED("İptal edildi"),
    INTERNAL("the report could not be built because of an internal error; operators can see the cause under"
            + " this task id");

    private final String fixedMessage;

    ReportErrorCode(String fixedMessage) {
        this.fixedMessage = fixedMessage;
    }

    /**
     * The message for callers. Only the two codes whose detail is our own validation text show the detail; a
     * row without a code (written before codes existed) reads as {@link #INTERNAL}.
     */
    public String publicMessage(Optional<String> detail) {
        return fixedMessage != null ? fixedMessage : detail.orElse(INTERNAL.fixedMessage);
    }

    /** The code of a stored value; unknown or absent values read as {@link #INTERNAL}. */
    public static ReportErrorCode of(Optional<String> stored) {
        if (stored.isEmpty()) {
            return INTERNAL;
        }
        for (ReportErrorCode c : values()) {
            if (c.name().equals(stored.get())) {
                return c;
            }
        }
        return INTERNAL;
    }

    /** A classified failure: the code, and the detail stored for operators. */
    public record Failure(ReportErrorCode code, String detail) {}

    /** A failure as the person who asked sees it. */
    public record PublicError(ReportErrorCode code, String message) {}

    /**
     * Classifies what a report threw. A parameter or data error anywhere in the cause chain is the report's
     * own verdict, and its message alone is kept (it is written for the person who asked); anything else is
     * {@link #INTERNAL} with the exception's class and message for operators.
     */
    public static Failure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidReportParameterException && t.getMessage() != null) {
                return new Failure(INVALID_PARAMETER, t.getMessage());
            }
            if (t instanceof ReportDataException && t.getMessage() != null) {
                return new Failure(REPORT_DATA, t.getMessage());
            }
        }
        String m = failure.getMessage();
        return new Failure(INTERNAL, failure.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }
}
