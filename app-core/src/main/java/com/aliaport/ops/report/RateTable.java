package com.aliaport.ops.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The rates a report converts with, loaded once: for a currency and a day, the latest bulletin on or before that
 * day (a Saturday movement takes Friday's rate; a holiday takes the last business day's).
 */
public final class RateTable {
    public static final String TRY = "TRY";

    private final Map<String, NavigableMap<LocalDate, Rate>> byCurrency = new HashMap<>();

    public RateTable(List<Rate> rates) {
        for (Rate r : rates) {
            byCurrency.computeIfAbsent(r.currency(), c -> new TreeMap<>()).put(r.bulletinDate(), r);
        }
    }

    /** The rate for {@code currency} on {@code date}; {@code null} for TRY. */
    public Rate on(String currency, LocalDate date) {
        if (TRY.equals(currency)) {
            return null;
        }
        NavigableMap<LocalDate, Rate> rates = byCurrency.get(currency);
        Map.Entry<LocalDate, Rate> entry = rates == null ? null : rates.floorEntry(date);
        if (entry == null) {
            throw new ReportDataException("no exchange rate for " + currency + " on or before " + date + " in kurlar ("
                    + currency + " için " + date + " veya öncesinde kur yok)");
        }
        return entry.getValue();
    }

    /** {@code amount} in TRY at the rate of {@code date}. */
    public BigDecimal toTry(String currency, LocalDate date, BigDecimal amount) {
        Rate rate = on(currency, date);
        return rate == null ? amount.setScale(2, RoundingMode.HALF_UP) : rate.toTry(amount);
    }
}
