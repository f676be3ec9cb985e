package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.common.AliaportException;
import java.util.Collection;

public final class UnknownJobException extends AliaportException {
    public UnknownJobException(String id, Collection<String> known) {
        super("unknown job '" + id + "' (known: " + String.join(", ", known) + ")");
    }
}
