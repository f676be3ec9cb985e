package com.aliaport.ops.exchangerate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One {@code kur_anomalies} row as the console and the CLI show it. Rates are buying rates as published (per the
 * currency's {@code birim}); {@code changePercent} is the per-unit move in percent (15.00 = +15 %), scale 2.
 * {@code status} is {@code OPEN}, {@code ACCEPTED} or {@code REJECTED}; the decision fields are empty while open.
 */
public record AnomalyView(
        long id,
        LocalDate date,
        String currency,
        LocalDate previousDate,
        BigDecimal previousRate,
        BigDecimal newRate,
        BigDecimal changePercent,
        String source,
        Optional<Long> jobRunId,
        String status,
        Optional<Instant> decidedAt,
        Optional<String> decidedBy,
        Optional<String> note,
        Instant createdAt) {

    public boolean open() {
        return "OPEN".equals(status);
    }
}
