package com.aliaport.ops.exchangerate;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One currency of a bulletin, as published: rates are TRY per {@code unit} units (JPY and IRR come per 100).
 * Any rate but {@code forexBuying} may be null: XDR has no selling rate, most currencies no banknote rates,
 * and EVDS gives neither names nor banknote or cross rates.
 */
public record CurrencyRate(
        String code,
        int unit,
        String nameTr,
        String nameEn,
        BigDecimal forexBuying,
        BigDecimal forexSelling,
        BigDecimal banknoteBuying,
        BigDecimal banknoteSelling,
        BigDecimal crossRateUsd,
        BigDecimal crossRateOther) {

    public CurrencyRate {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(forexBuying, "forexBuying");
        if (unit <= 0) {
            throw new IllegalArgumentException(code + ": unit must be positive, was " + unit);
        }
    }

    /** A rate with only the two forex values, as EVDS serves it. */
    public static CurrencyRate forex(String code, int unit, BigDecimal buying, BigDecimal selling) {
        return new CurrencyRate(code, unit, null, null, buying, selling, null, null, null, null);
    }
}
