package com.aliaport.ops.auditlog;

import com.aliaport.ops.common.AliaportException;

/** Archiving or partitioning cannot go on; the message says what to do. */
public final class AuditArchiveException extends AliaportException {
    public AuditArchiveException(String message) {
        super(message);
    }

    public AuditArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
