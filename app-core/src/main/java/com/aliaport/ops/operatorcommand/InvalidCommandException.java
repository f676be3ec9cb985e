package com.aliaport.ops.operatorcommand;

import com.aliaport.ops.common.AliaportException;

/** A command that cannot be carried out as asked: a bad date, a run id that is no number, an unknown run. */
public final class InvalidCommandException extends AliaportException {
    public InvalidCommandException(String message) {
        super(message);
    }
}
