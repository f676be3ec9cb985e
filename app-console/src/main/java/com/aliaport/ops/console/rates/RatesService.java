package com.aliaport.ops.console.rates;

import com.aliaport.ops.exchangerate.ExchangeRateHistory;
import com.aliaport.ops.exchangerate.RatePoint;
import com.aliaport.ops.exchangerate.StoredRateRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rates screen's reads over the core's {@link ExchangeRateHistory}: the bulletin on or before a date, and a
 * currency's series per one unit, thinned for drawing.
 */
public final class RatesService {
    /** Points per series on the chart: one per 2–3 pixels of a full-width chart; more is not visible and only slows the drawing. */
    public static final int MAX_POINTS = 400;

    /** Weekends and the longest Turkish holidays fit in this: the latest bulletin before a date is within it. */
    private static final int LOOKBACK_DAYS = 14;

    private final ExchangeRateHistory history;

    public RatesService(ExchangeRateHistory history) {
        this.history = history;
    }

    /** A day of a series in TRY per one unit of the currency. */
    public record Point(LocalDate date, BigDecimal buying, BigDecimal selling) {}

    public List<StoredRateRow> bulletinOnOrBefore(LocalDate date) {
        List<LocalDate> dates = history.bulletinDates(date.minusDays(LOOKBACK_DAYS), date);
        return dates.isEmpty()
                ? List.of()
                : history.bulletin(dates.stream().max(LocalDate::compareTo).get());
    }

    /** The currencies of the newest bulletin up to today. */
    public List<String> currencies(LocalDate today) {
        return bulletinOnOrBefore(today).stream().map(StoredRateRow::currency).toList();
    }

    /** One currency from {@code from} to {@code to}, rejected rates left out, at most about {@link #MAX_POINTS}. */
    public List<Point> series(String currency, LocalDate from, LocalDate to) {
        return series(List.of(currency), from, to).getOrDefault(currency, List.of());
    }

    /** Several currencies, in the order given, each as {@link #series(String, LocalDate, LocalDate)}: one query. */
    public Map<String, List<Point>> series(List<String> currencies, LocalDate from, LocalDate to) {
        Map<String, List<RatePoint>> rows = history.thinnedSeries(currencies, from, to, MAX_POINTS);
        Map<String, List<Point>> out = new LinkedHashMap<>();
        for (String currency : currencies) {
            out.put(
                    currency,
                    rows.getOrDefault(currency, List.of()).stream()
                            .map(RatesService::perUnit)
                            .toList());
        }
        return out;
    }

    private static Point perUnit(RatePoint r) {
        BigDecimal unit = BigDecimal.valueOf(r.unit());
        BigDecimal buying = r.buying().divide(unit, 6, RoundingMode.HALF_UP);
        return new Point(
                r.date(),
                buying,
                r.selling().map(s -> s.divide(unit, 6, RoundingMode.HALF_UP)).orElse(buying));
    }
}
