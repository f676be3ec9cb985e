package com.aliaport.ops.report;

import com.aliaport.ops.common.AliaportException;

/** The data cannot give a correct report (for instance, no exchange rate for a movement's currency and date). */
public final class ReportDataException extends AliaportException {
    public ReportDataException(String message) {
        super(message);
    }
}
