package com.aliaport.ops.exchangerate;

/**
 * A bulletin that parsed but cannot be true (no currencies, a non-positive rate, buying above selling, the
 * wrong date). The whole bulletin is rejected: nothing is written.
 */
public final class InvalidBulletinException extends ExchangeRateException {
    public InvalidBulletinException(String message) {
        super(message);
    }
}
