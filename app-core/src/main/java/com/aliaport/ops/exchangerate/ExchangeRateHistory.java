package com.aliaport.ops.exchangerate;

import com.aliaport.ops.exchangerate.db.RateHistoryRepository;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Read side of the console's rates screen: a bulletin as stored, the dates that have one, and a currency's
 * series. Rejected rates are included, flagged. Reads only ({@code aliaport_viewer} suffices).
 */
public final class ExchangeRateHistory {
    private final RateHistoryRepository repository;

    public ExchangeRateHistory(DSLContext dsl) {
        this.repository = new RateHistoryRepository(dsl);
    }

    /** Every currency of the bulletin of {@code date}, by currency code; empty when none is stored that day. */
    public List<StoredRateRow> bulletin(LocalDate date) {
        return repository.bulletin(date);
    }

    /** The dates in {@code from}..{@code to} (both included) that have a stored bulletin, oldest first. */
    public List<LocalDate> bulletinDates(LocalDate from, LocalDate to) {
        return repository.bulletinDates(from, to);
    }

    /**
     * The rates of {@code currency} in {@code from}..{@code to} (both included), oldest first: one index range
     * scan of {@code kurlar_doviz_tarih_idx}, about 2 600 rows for ten years.
     */
    public List<RatePoint> series(String currency, LocalDate from, LocalDate to) {
        return repository.series(currency, from, to);
    }

    /**
     * The accepted rates of several currencies in {@code from}..{@code to}, oldest first, each thinned to at most
     * about {@code maxPoints} evenly spaced bulletins (and always the last), in one statement.
     */
    public Map<String, List<RatePoint>> thinnedSeries(
            Collection<String> currencies, LocalDate from, LocalDate to, int maxPoints) {
        return currencies.isEmpty() ? Map.of() : repository.thinned(currencies, from, to, maxPoints);
    }
}
