package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.common.AliaportException;

/** Quartz refused an operation; the message says which job and what. */
public final class SchedulingException extends AliaportException {
    public SchedulingException(String message, Throwable cause) {
        super(message, cause);
    }
}
