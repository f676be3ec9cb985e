package com.aliaport.ops.report.barinma;

import com.aliaport.ops.report.Rate;
import com.aliaport.ops.report.RateTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns stays into report lines (days, TRY at the arrival day's rate) and sums them per customer and vessel and
 * per currency. Runs on the reading thread; the writer reads the sums once every stay is through. The groups are
 * bounded by customers × vessels of the period, not by stays.
 */
final class BerthingTotals {
    /** One customer and vessel over the period. */
    static final class Group {
        final String customerCode;
        final String customerName;
        final String imo;
        final String vesselName;
        final String flag;
        long stays;
        long days;
        final Map<String, BigDecimal> amounts = new HashMap<>();
        BigDecimal amountTry = BigDecimal.ZERO;

        Group(Stay s) {
            this.customerCode = s.customerCode();
            this.customerName = s.customerName();
            this.imo = s.imo();
            this.vesselName = s.vesselName();
            this.flag = s.flag();
        }
    }

    /** All stays in one currency. */
    record CurrencyTotal(long stays, long days, BigDecimal amount, BigDecimal amountTry) {
        CurrencyTotal plus(long d, BigDecimal a, BigDecimal t) {
            return new CurrencyTotal(stays + 1, days + d, amount.add(a), amountTry.add(t));
        }
    }

    private final RateTable rates;
    private final ZoneId zone;
    private final Instant now;
    private final Map<String, Group> groups = new TreeMap<>();
    private final Map<String, CurrencyTotal> byCurrency = new TreeMap<>();
    private BigDecimal amountTry = BigDecimal.ZERO;

    BerthingTotals(RateTable rates, ZoneId zone, Instant now) {
        this.rates = rates;
        this.zone = zone;
        this.now = now;
    }

    StayLine next(Stay s) {
        long days = startedDays(s.arrival(), s.departure() == null ? now : s.departure());
        LocalDate rateDay = LocalDate.ofInstant(s.arrival(), zone);
        Rate rate = rates.on(s.currency(), rateDay);
        BigDecimal tryAmount = rate == null ? s.amount() : rate.toTry(s.amount());
        Group g = groups.computeIfAbsent(s.customerCode() + '\u0000' + s.imo(), k -> new Group(s));
        g.stays++;
        g.days += days;
        g.amounts.merge(s.currency(), s.amount(), BigDecimal::add);
        g.amountTry = g.amountTry.add(tryAmount);
        byCurrency.merge(
                s.currency(),
                new CurrencyTotal(1, days, s.amount(), tryAmount),
                (old, one) -> old.plus(days, s.amount(), tryAmount));
        amountTry = amountTry.add(tryAmount);
        return new StayLine(s, days, rate, tryAmount);
    }

    /** Started days at berth: 25 hours are 2 days; anything under a day is 1. */
    static long startedDays(Instant from, Instant to) {
        long seconds = Math.max(0, Duration.between(from, to).toSeconds());
        return Math.max(1, (seconds + 86_399) / 86_400);
    }

    List<Group> groups() {
        return List.copyOf(groups.values());
    }

    /** TRY first, then the others alphabetically. */
    Map<String, CurrencyTotal> byCurrency() {
        Map<String, CurrencyTotal> ordered = new LinkedHashMap<>();
        if (byCurrency.containsKey(RateTable.TRY)) {
            ordered.put(RateTable.TRY, byCurrency.get(RateTable.TRY));
        }
        byCurrency.forEach(ordered::putIfAbsent);
        return ordered;
    }

    BigDecimal amountTry() {
        return amountTry;
    }
}
