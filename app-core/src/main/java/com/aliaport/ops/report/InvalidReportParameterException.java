package com.aliaport.ops.report;

import com.aliaport.ops.common.AliaportException;

/** A report parameter that is missing or wrong; the HTTP API answers 400 naming {@link #field()}. */
public final class InvalidReportParameterException extends AliaportException {
    private final String field;

    public InvalidReportParameterException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
