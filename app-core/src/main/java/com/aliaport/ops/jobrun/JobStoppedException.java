package com.aliaport.ops.jobrun;

import com.aliaport.ops.common.AliaportException;

/** A job stopped at a step boundary because it was asked to (time limit, shutdown). */
public final class JobStoppedException extends AliaportException {
    public JobStoppedException(String message) {
        super(message);
    }
}
