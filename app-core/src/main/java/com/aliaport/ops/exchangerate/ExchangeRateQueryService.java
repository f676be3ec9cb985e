package com.aliaport.ops.exchangerate;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.exchangerate.db.KurlarRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of {@code GET /api/kurlar?tarih=yyyy-MM-dd}, cache-aside through the Redis keys
 * {@code kurlar:{date}}: a hit is served from Redis, a miss from PostgreSQL and then cached. The sync drops
 * {@code kurlar:*} after every stored bulletin, and anomaly decisions drop it too ({@link AnomalyDecisions} with a
 * cache, and every daemon's {@code db.DecisionListener}). Redis trouble never fails a read: it falls through to the
 * database. Rates an operator rejected are never served (see {@link RatesOfDay}).
 */
public final class ExchangeRateQueryService {
    /** TCMB can be closed up to 9 calendar days in a row (Kurban Bayramı with weekends); older rates are not served. */
    public static final int LOOKBACK_DAYS = 10;

    private static final Logger log = LoggerFactory.getLogger(ExchangeRateQueryService.class);

    private final KurlarRepository repository;
    private final RateCache cache;
    private final Clock clock;

    public ExchangeRateQueryService(KurlarRepository repository, RateCache cache, Clock clock) {
        this.repository = repository;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * The date of the query parameter {@code tarih}: absent means today (Istanbul); not yyyy-MM-dd or in the
     * future is an {@link InvalidRateQueryException}.
     */
    public LocalDate parseDate(Optional<String> tarih) {
        LocalDate today =
                clock.instant().atZone(ExchangeRateSyncService.ISTANBUL).toLocalDate();
        if (tarih.isEmpty() || tarih.get().isBlank()) {
            return today;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(tarih.get().strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRateQueryException("tarih", "tarih '" + tarih.get() + "' is not a date (yyyy-MM-dd)");
        }
        if (date.isAfter(today)) {
            throw new InvalidRateQueryException("tarih", "tarih " + date + " is in the future");
        }
        return date;
    }

    /**
     * The rates valid on {@code date}; empty when no bulletin is stored within {@value #LOOKBACK_DAYS} days before
     * it. A rate an operator rejected is replaced by the currency's latest non-rejected rate before it, and the
     * answer says so.
     */
    public Optional<RatesOfDay> ratesOn(LocalDate date) {
        Optional<String> cached = readCache(date);
        if (cached.isPresent()) {
            return Optional.of(Json.read(cached.get(), RatesOfDay.class));
        }
        Optional<RatesOfDay> fromDb = repository
                .lastBulletinOnOrBefore(date, date.minusDays(LOOKBACK_DAYS))
                .map(bulletinDate -> toAnswer(date, bulletinDate));
        fromDb.ifPresent(answer -> writeCache(date, Json.write(answer)));
        return fromDb;
    }

    private RatesOfDay toAnswer(LocalDate asked, LocalDate bulletinDate) {
        List<StoredRate> rates = repository.ratesOn(bulletinDate);
        List<RejectedRate> rejected = repository.rejectedOn(bulletinDate);
        String bulletinNo = Stream.concat(rates.stream(), rejected.stream().map(RejectedRate::rate))
                .flatMap(r -> r.bulletinNo().stream())
                .findFirst()
                .orElse(null);
        List<RatesOfDay.Rate> answer =
                new ArrayList<>(rates.stream().map(r -> rate(r, null, null)).toList());
        List<String> notes = new ArrayList<>();
        if (!rejected.isEmpty()) {
            Map<String, StoredRate> substitutes = repository.previousRates(
                    bulletinDate, rejected.stream().map(r -> r.rate().code()).toList());
            for (RejectedRate r : rejected) {
                StoredRate s = substitutes.get(r.rate().code());
                String who = r.rejectedBy().map(by -> " by " + by).orElse("")
                        + r.note().map(n -> " (" + n + ")").orElse("");
                if (s == null) {
                    notes.add(r.rate().code() + " " + bulletinDate + " was rejected" + who
                            + " and no earlier rate is stored: left out");
                    continue;
                }
                answer.add(rate(
                        s,
                        new RatesOfDay.SkippedRate(
                                r.rate().date(),
                                r.rate().unit(),
                                plain(r.rate().buying()),
                                r.rate()
                                        .selling()
                                        .map(ExchangeRateQueryService::plain)
                                        .orElse(null),
                                r.rejectedAt(),
                                r.rejectedBy().orElse(null),
                                r.note().orElse(null)),
                        "the rate of " + bulletinDate + " was rejected" + who + "; this is the rate of " + s.date()));
            }
            answer.sort(Comparator.comparing(RatesOfDay.Rate::dovizKodu));
        }
        return new RatesOfDay(asked, bulletinDate, bulletinNo, answer, notes);
    }

    private static RatesOfDay.Rate rate(StoredRate r, RatesOfDay.SkippedRate skipped, String note) {
        return new RatesOfDay.Rate(
                r.code(),
                r.unit(),
                r.nameTr().orElse(null),
                r.nameEn().orElse(null),
                plain(r.buying()),
                r.selling().map(ExchangeRateQueryService::plain).orElse(null),
                r.banknoteBuying().map(ExchangeRateQueryService::plain).orElse(null),
                r.banknoteSelling().map(ExchangeRateQueryService::plain).orElse(null),
                r.source(),
                r.date(),
                skipped,
                note);
    }

    private Optional<String> readCache(LocalDate date) {
        try {
            return cache.get(date);
        } catch (RuntimeException e) {
            log.warn("kurlar cache read for {} failed, reading the database: {}", date, e.toString());
            return Optional.empty();
        }
    }

    private void writeCache(LocalDate date, String json) {
        try {
            cache.put(date, json);
        } catch (RuntimeException e) {
            log.warn("kurlar cache write for {} failed: {}", date, e.toString());
        }
    }

    /** 30.29520000 from the numeric column reads 30.2952, as published; never in exponent form. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
