package com.aliaport.ops.db;

import com.aliaport.ops.common.AliaportException;

public final class DatabaseException extends AliaportException {
    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
