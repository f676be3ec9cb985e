package com.aliaport.ops.config;

import com.aliaport.ops.common.AliaportException;

/** A configuration value that cannot be used; the message names the variable and fits on one line. */
public final class ConfigException extends AliaportException {
    public ConfigException(String message) {
        super(message);
    }
}
