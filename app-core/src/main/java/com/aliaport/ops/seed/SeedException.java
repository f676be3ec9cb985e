package com.aliaport.ops.seed;

import com.aliaport.ops.common.AliaportException;

/** Demo data cannot be written as asked (for instance, the domain already holds data). */
public final class SeedException extends AliaportException {
    public SeedException(String message) {
        super(message);
    }
}
