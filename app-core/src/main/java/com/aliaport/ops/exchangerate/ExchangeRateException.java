package com.aliaport.ops.exchangerate;

import com.aliaport.ops.common.AliaportException;

/** Root of the exchange-rate feature's failures; messages name the date and the source. */
public class ExchangeRateException extends AliaportException {
    public ExchangeRateException(String message) {
        super(message);
    }

    public ExchangeRateException(String message, Throwable cause) {
        super(message, cause);
    }
}
