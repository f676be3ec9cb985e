package com.aliaport.ops.exchangerate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One point of a currency's chart: the forex buying and selling rate of one bulletin date as published, per
 * {@code unit} units (divide by {@code unit} to compare across a change of unit). {@code selling} is empty for
 * XDR. A {@code rejected} point is a rate an operator rejected; charts show it marked, readers of rates skip it.
 */
public record RatePoint(LocalDate date, BigDecimal buying, Optional<BigDecimal> selling, int unit, boolean rejected) {}
