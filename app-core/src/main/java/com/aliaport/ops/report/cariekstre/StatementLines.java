package com.aliaport.ops.report.cariekstre;

import com.aliaport.ops.report.Rate;
import com.aliaport.ops.report.RateTable;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns movements, in date order, into statement lines: TRY amounts, the running balance, and the totals per
 * currency. Runs on the reading thread; the writer reads the totals once all lines are through.
 */
final class StatementLines {
    /** Debit and credit of one currency, in that currency and in TRY. */
    record Totals(BigDecimal debit, BigDecimal credit, BigDecimal debitTry, BigDecimal creditTry, long count) {}

    /** Summed in place: a million movements should not make a million records of totals. */
    private static final class Sum {
        BigDecimal debit = BigDecimal.ZERO;
        BigDecimal credit = BigDecimal.ZERO;
        BigDecimal debitTry = BigDecimal.ZERO;
        BigDecimal creditTry = BigDecimal.ZERO;
        long count;

        Totals totals() {
            return new Totals(debit, credit, debitTry, creditTry, count);
        }
    }

    private final RateTable rates;
    private final Map<String, Sum> byCurrency = new TreeMap<>();
    private BigDecimal balance;
    private BigDecimal debitTry = BigDecimal.ZERO;
    private BigDecimal creditTry = BigDecimal.ZERO;

    StatementLines(RateTable rates, BigDecimal opening) {
        this.rates = rates;
        this.balance = opening;
    }

    StatementLine next(Movement m) {
        Rate rate = rates.on(m.currency(), m.date());
        BigDecimal dTry = rate == null ? m.debit() : rate.toTry(m.debit());
        BigDecimal cTry = rate == null ? m.credit() : rate.toTry(m.credit());
        balance = balance.add(dTry).subtract(cTry);
        debitTry = debitTry.add(dTry);
        creditTry = creditTry.add(cTry);
        Sum sum = byCurrency.computeIfAbsent(m.currency(), c -> new Sum());
        sum.debit = sum.debit.add(m.debit());
        sum.credit = sum.credit.add(m.credit());
        sum.debitTry = sum.debitTry.add(dTry);
        sum.creditTry = sum.creditTry.add(cTry);
        sum.count++;
        return new StatementLine(m, rate, dTry, cTry, balance);
    }

    BigDecimal closing() {
        return balance;
    }

    BigDecimal debitTry() {
        return debitTry;
    }

    BigDecimal creditTry() {
        return creditTry;
    }

    /** TRY first, then the other currencies alphabetically. */
    Map<String, Totals> byCurrency() {
        Map<String, Totals> ordered = new LinkedHashMap<>();
        if (byCurrency.containsKey(RateTable.TRY)) {
            ordered.put(RateTable.TRY, byCurrency.get(RateTable.TRY).totals());
        }
        byCurrency.forEach((currency, sum) -> ordered.putIfAbsent(currency, sum.totals()));
        return ordered;
    }
}
