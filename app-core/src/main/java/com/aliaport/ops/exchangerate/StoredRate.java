package com.aliaport.ops.exchangerate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** A row of {@code kurlar}: one currency of one stored bulletin, rates per {@code unit} units as published. */
public record StoredRate(
        LocalDate date,
        String code,
        int unit,
        Optional<String> nameTr,
        Optional<String> nameEn,
        BigDecimal buying,
        Optional<BigDecimal> selling,
        Optional<BigDecimal> banknoteBuying,
        Optional<BigDecimal> banknoteSelling,
        Source source,
        Optional<String> bulletinNo,
        Instant updatedAt) {}
