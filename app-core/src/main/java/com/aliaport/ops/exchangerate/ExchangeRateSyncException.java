package com.aliaport.ops.exchangerate;

/** A sync that failed; the message says for which date and what each source answered. */
public final class ExchangeRateSyncException extends ExchangeRateException {
    public ExchangeRateSyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
