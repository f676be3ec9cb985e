package com.aliaport.ops.report;

import com.aliaport.ops.common.AliaportException;

/** A report stopped between batches because it was cancelled or passed its soft time limit. */
public final class ReportStoppedException extends AliaportException {
    public ReportStoppedException(String message) {
        super(message);
    }
}
