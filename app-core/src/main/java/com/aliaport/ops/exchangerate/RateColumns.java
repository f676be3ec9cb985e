package com.aliaport.ops.exchangerate;

import java.math.BigDecimal;

/**
 * What the {@code kurlar} columns can hold, as the migrated schema declares it (read from the generated table,
 * never written down a second time): the length of {@code doviz_kodu} and, for the rate columns, the digits
 * before and after the decimal point of the narrowest of them.
 */
public record RateColumns(int codeLength, int integerDigits, int decimals) {
    public RateColumns {
        if (codeLength < 1 || integerDigits < 1 || decimals < 0) {
            throw new IllegalArgumentException(
                    "not a column size: " + codeLength + ", " + integerDigits + ", " + decimals);
        }
    }

    /** From a {@code numeric(precision, scale)} column. */
    public static RateColumns of(int codeLength, int precision, int scale) {
        return new RateColumns(codeLength, precision - scale, scale);
    }

    /** Digits before the decimal point of {@code v} (0 for 0.5). */
    static int integerDigitsOf(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return Math.max(0, s.precision() - s.scale());
    }

    /** Decimals that matter in {@code v} (trailing zeros do not). */
    static int decimalsOf(BigDecimal v) {
        return Math.max(0, v.stripTrailingZeros().scale());
    }
}
