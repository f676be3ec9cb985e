package com.aliaport.ops.exchangerate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * A buying rate that moved more than the threshold against the previous stored one; stored, and opened in
 * {@code kur_anomalies} for an operator to accept or reject. {@code change} is a fraction (0.15 = +15 %),
 * computed per single unit so that a change of {@code birim} is not mistaken for a jump.
 */
public record Anomaly(
        LocalDate date,
        String code,
        LocalDate previousDate,
        BigDecimal previousBuying,
        BigDecimal newBuying,
        BigDecimal change) {

    public String describe() {
        return code + " " + plain(previousBuying) + " (" + previousDate + ") → " + plain(newBuying) + " ("
                + change.movePointRight(2).setScale(2, RoundingMode.HALF_UP).toPlainString() + " %)";
    }

    /** 30.29520000 as read from the numeric column prints as published: 30.2952. */
    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
