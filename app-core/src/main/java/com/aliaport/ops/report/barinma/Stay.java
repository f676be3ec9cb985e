package com.aliaport.ops.report.barinma;

import java.math.BigDecimal;
import java.time.Instant;

/** A berthing stay with its customer and vessel; {@code departure} is null while the vessel is still at berth. */
public record Stay(
        String customerCode,
        String customerName,
        String imo,
        String vesselName,
        String flag,
        String berth,
        Instant arrival,
        Instant departure,
        String tariff,
        BigDecimal amount,
        String currency) {}
