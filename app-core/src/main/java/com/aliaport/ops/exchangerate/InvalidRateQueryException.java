package com.aliaport.ops.exchangerate;

/** A {@code tarih} the rates query cannot answer for: not yyyy-MM-dd, or in the future. Maps to HTTP 400. */
public final class InvalidRateQueryException extends ExchangeRateException {
    private final String field;

    public InvalidRateQueryException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
