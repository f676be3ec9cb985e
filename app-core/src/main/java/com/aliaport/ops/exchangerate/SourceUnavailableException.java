package com.aliaport.ops.exchangerate;

/**
 * The source could not give a bulletin: down, timed out, an HTTP error, or a body that is not a bulletin.
 * The sync falls back to the other source for the same bulletin date.
 */
public class SourceUnavailableException extends ExchangeRateException {
    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
