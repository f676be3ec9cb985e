package com.aliaport.ops.report.cariekstre;

import com.aliaport.ops.report.Rate;
import java.math.BigDecimal;

/** A movement as the statement shows it: converted to TRY ({@code rate} null for TRY) and the balance after it. */
record StatementLine(Movement movement, Rate rate, BigDecimal debitTry, BigDecimal creditTry, BigDecimal balanceTry) {}
