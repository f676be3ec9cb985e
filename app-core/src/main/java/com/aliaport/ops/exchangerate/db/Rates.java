package com.aliaport.ops.exchangerate.db;

import java.math.BigDecimal;

final class Rates {
    private Rates() {}

    /** 30.29520000 from the numeric column reads 30.2952, as published; never in exponent form; null stays null. */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
