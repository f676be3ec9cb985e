package com.aliaport.ops.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * The TCMB buying rate (döviz alış) of one bulletin for one currency, as published: TRY per {@code unit} units
 * (100 for JPY).
 */
public record Rate(String currency, LocalDate bulletinDate, int unit, BigDecimal buying) {
    /** The amount in TRY, rounded to kuruş (half up), as every TRY figure of the reports. */
    public BigDecimal toTry(BigDecimal amount) {
        BigDecimal value = amount.multiply(buying);
        if (unit != 1) {
            value = value.divide(BigDecimal.valueOf(unit), MathContext.DECIMAL128);
        }
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
