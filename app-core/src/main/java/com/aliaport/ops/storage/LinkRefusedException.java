package com.aliaport.ops.storage;

import com.aliaport.ops.common.AliaportException;

/** A download link that must not be honoured: expired, tampered with, or naming no file. */
public final class LinkRefusedException extends AliaportException {
    public enum Reason {
        EXPIRED,
        TAMPERED,
        MISSING
    }

    private final Reason reason;

    public LinkRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
