package com.aliaport.ops.report.cariekstre;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One account movement, in its own currency. */
public record Movement(
        LocalDate date,
        String documentNo,
        String documentType,
        String description,
        String currency,
        BigDecimal debit,
        BigDecimal credit) {}
