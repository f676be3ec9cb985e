package com.aliaport.ops.report.barinma;

import com.aliaport.ops.report.Rate;
import java.math.BigDecimal;

/** A stay as the report shows it: its started days and the amount in TRY ({@code rate} null for TRY). */
record StayLine(Stay stay, long days, Rate rate, BigDecimal amountTry) {}
