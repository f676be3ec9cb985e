package com.aliaport.ops.exchangerate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One currency of one stored bulletin, as published: rates are TRY per {@code unit} units (100 for JPY), exact.
 * {@code selling} is empty for XDR, banknote rates for EVDS rows. {@code rejected} is true when an operator
 * rejected this rate (an anomaly's decision); {@code rejectionNote} then says why. Readers of rates skip it.
 */
public record StoredRateRow(
        LocalDate date,
        String currency,
        int unit,
        Optional<String> nameTr,
        Optional<String> nameEn,
        BigDecimal buying,
        Optional<BigDecimal> selling,
        Optional<BigDecimal> banknoteBuying,
        Optional<BigDecimal> banknoteSelling,
        String source,
        Optional<String> bulletinNo,
        boolean rejected,
        Optional<String> rejectionNote) {}
