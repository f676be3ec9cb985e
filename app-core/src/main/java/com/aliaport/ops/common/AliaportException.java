package com.aliaport.ops.common;

/** Root of the project's unchecked exceptions; subclasses carry the ids in their messages. */
public class AliaportException extends RuntimeException {
    public AliaportException(String message) {
        super(message);
    }

    public AliaportException(String message, Throwable cause) {
        super(message, cause);
    }
}
