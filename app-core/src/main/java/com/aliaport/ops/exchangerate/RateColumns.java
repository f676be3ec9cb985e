package com.aliaport.ops.exchangerate;

import java.math.BigDecimal;

/**
 * What the columns a bulletin is written to can hold, as the migrated schema declares it (read from the
 * generated tables, never written down a second time): the length of {@code kurlar.doviz_kodu}; for the rate
 * columns, the digits before and after the decimal point of the narrowest of them; and the digits before the
 * point of {@code kur_anomalies.degisim_orani}, the change of an anomaly as a fraction.
 */
public record RateColumns(int codeLength, int integerDigits, int decimals, int changeIntegerDigits) {
    public RateColumns {
        if (codeLength < 1 || integerDigits < 1 || decimals < 0 || changeIntegerDigits < 1) {
            throw new IllegalArgumentException("not a column size: " + codeLength + ", " + integerDigits + ", "
                    + decimals + ", " + changeIntegerDigits);
        }
    }

    /** Whether an anomaly's change (a fraction, 0.15 = +15 %) fits {@code kur_anomalies.degisim_orani}. */
    public boolean changeFits(BigDecimal change) {
        return integerDigitsOf(change) <= changeIntegerDigits;
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
