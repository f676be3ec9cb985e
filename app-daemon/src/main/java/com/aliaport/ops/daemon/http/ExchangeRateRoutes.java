package com.aliaport.ops.daemon.http;

import com.aliaport.ops.exchangerate.ExchangeRateQueryService;
import com.aliaport.ops.exchangerate.InvalidRateQueryException;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code GET /api/kurlar?tarih=yyyy-MM-dd}: the rates of the latest bulletin on or before the date (today in
 * Istanbul without one), cache-aside through Redis {@code kurlar:*}. Rates are public data: no auth.
 */
public final class ExchangeRateRoutes implements Consumer<Javalin> {
    private final ExchangeRateQueryService query;

    public ExchangeRateRoutes(ExchangeRateQueryService query) {
        this.query = query;
    }

    @Override
    public void accept(Javalin app) {
        app.get("/api/kurlar", ctx -> {
            LocalDate date;
            try {
                date = query.parseDate(Optional.ofNullable(ctx.queryParam("tarih")));
            } catch (InvalidRateQueryException e) {
                ctx.status(HttpStatus.BAD_REQUEST)
                        .json(ApiResponse.error("INVALID_" + e.field().toUpperCase(), e.getMessage()));
                return;
            }
            var rates = query.ratesOn(date);
            if (rates.isEmpty()) {
                ctx.status(HttpStatus.NOT_FOUND)
                        .json(ApiResponse.error(
                                "NO_RATES",
                                "no TCMB bulletin stored within " + ExchangeRateQueryService.LOOKBACK_DAYS
                                        + " days up to " + date));
                return;
            }
            ctx.json(ApiResponse.ok(rates.get(), "rates of " + date));
        });
    }
}
