package com.aliaport.ops.daemon.reportapi;

import com.aliaport.ops.common.AliaportException;
import java.time.Duration;
import java.util.Optional;

/** An answer other than success: HTTP status, a stable code, a message, the field at fault, a Retry-After. */
final class ApiError extends AliaportException {
    final int status;
    final String code;
    final Optional<String> field;
    final Optional<Duration> retryAfter;

    ApiError(int status, String code, String message, Optional<String> field, Optional<Duration> retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    static ApiError badField(String field, String message) {
        return new ApiError(400, "VALIDATION_ERROR", message, Optional.of(field), Optional.empty());
    }

    static ApiError of(int status, String code, String message) {
        return new ApiError(status, code, message, Optional.empty(), Optional.empty());
    }

    static ApiError retryLater(int status, String code, String message, Duration retryAfter) {
        return new ApiError(status, code, message, Optional.empty(), Optional.of(retryAfter));
    }

    /** A caller's text as a message quotes it: the first 60 characters. */
    static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
