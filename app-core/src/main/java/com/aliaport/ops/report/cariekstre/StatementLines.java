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
    record Totals(BigDecimal debit, BigDecimal credit, BigDecimal debitTry, BigDecimal creditTry, long count) {
        static final Totals ZERO = new Totals(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0);

        Totals plus(Movement m, BigDecimal dTry, BigDecimal cTry) {
            return new Totals(debit.add(m.debit()), credit.add(m.credit()), debitTry.add(dTry), creditTry.add(cTry), count + 1);
        }
    }

    private final RateTable rates;
    private final Map<String, Totals> byCurrency = new TreeMap<>();
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
        byCurrency.merge(m.currency(), Totals.ZERO.plus(m, dTry, cTry),
                (old, one) -> old.plus(m, dTry, cTry));
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
            ordered.put(RateTable.TRY, byCurrency.get(RateTable.TRY));
        }
        byCurrency.forEach(ordered::putIfAbsent);
        return ordered;
    }
}
