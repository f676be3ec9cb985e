package com.aliaport.ops.exchangerate;

import com.aliaport.ops.alert.AlertSender;
import com.aliaport.ops.alert.Severity;
import com.aliaport.ops.common.Loops;
import com.aliaport.ops.exchangerate.db.KurlarRepository;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs TCMB bulletins into {@code kurlar}: fetch (TCMB, else EVDS for the same bulletin date), validate (hard
 * errors reject the whole bulletin; a buying rate that moved more than the threshold is stored and opened as an
 * anomaly with a WARNING alert), UPSERT in one transaction, then drop the {@code kurlar:*} cache keys. Rates are
 * stored under the bulletin's own date. Failure alerts are the caller's: it knows whether retries remain.
 */
public final class ExchangeRateSyncService {
    public static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    /** TCMB determines the rates at 15:30 Istanbul time and publishes them right after. */
    public static final LocalTime PUBLICATION = LocalTime.of(15, 30);
    /** Before this, TCMB published old Turkish lira (1 000 000 times larger). */
    public static final LocalDate FIRST_TRY_DATE = LocalDate.of(2005, 1, 1);

    private static final Logger log = LoggerFactory.getLogger(ExchangeRateSyncService.class);

    private final RateSource primary;
    private final RateSource fallback;
    private final KurlarRepository repository;
    private final RateCache cache;
    private final AlertSender alerts;
    private final ExchangeRateMetrics metrics;
    private final TurkishBusinessCalendar calendar;
    private final Clock clock;
    private final Settings settings;
    private final BulletinValidator validator = new BulletinValidator(KurlarRepository.COLUMN_SIZES);

    /**
     * @param anomalyThreshold a fraction: 0.10 opens an anomaly for a move of more than ±10 %
     * @param backfillDays how many calendar days back a scheduled run looks for missing bulletins (0: none)
     */
    public record Settings(BigDecimal anomalyThreshold, int backfillDays) {
        public static Settings fromPercent(int anomalyPercent, int backfillDays) {
            return new Settings(BigDecimal.valueOf(anomalyPercent).movePointLeft(2), backfillDays);
        }
    }

    public ExchangeRateSyncService(
            RateSource primary,
            RateSource fallback,
            KurlarRepository repository,
            RateCache cache,
            AlertSender alerts,
            ExchangeRateMetrics metrics,
            TurkishBusinessCalendar calendar,
            Clock clock,
            Settings settings) {
        this.primary = primary;
        this.fallback = fallback;
        this.repository = repository;
        this.cache = cache;
        this.alerts = alerts;
        this.metrics = metrics;
        this.calendar = calendar;
        this.clock = clock;
        this.settings = settings;
    }

    /** What one bulletin date came to. */
    public sealed interface DayOutcome {
        LocalDate date();

        String describe();
    }

    /** Stored under {@code date} from {@code source}; {@code notes} say what went wrong on the way (fallback, cache). */
    public record Stored(
            LocalDate date, Source source, List<String> currencies, List<Anomaly> anomalies, List<String> notes)
            implements DayOutcome {
        @Override
        public String describe() {
            String s = "stored " + currencies.size() + " rates of " + date + " from " + source;
            if (!anomalies.isEmpty()) {
                s += ", " + anomalies.size() + " anomal" + (anomalies.size() == 1 ? "y" : "ies") + " opened";
            }
            return notes.isEmpty() ? s : s + " (" + String.join("; ", notes) + ")";
        }
    }

    /** TCMB published nothing for {@code date}: weekend, holiday, or a 404 from the archive. Nothing written. */
    public record NoBulletin(LocalDate date, String reason) implements DayOutcome {
        @Override
        public String describe() {
            return "no bulletin for " + date + ": " + reason;
        }
    }

    public record BackfillOutcome(List<Stored> stored, List<NoBulletin> none, Map<LocalDate, String> failed) {
        public boolean nothingToDo() {
            return stored.isEmpty() && none.isEmpty() && failed.isEmpty();
        }

        public String describe() {
            String s = "back-filled " + stored.size() + " day(s)";
            if (!none.isEmpty()) {
                s += ", " + none.size() + " without bulletin";
            }
            if (!failed.isEmpty()) {
                s += ", " + failed.size() + " failed ("
                        + String.join(
                                ", ",
                                failed.keySet().stream()
                                        .map(LocalDate::toString)
                                        .toList()) + ")";
            }
            return s;
        }
    }

    /** Sets {@code kur_sync_last_success_timestamp} from the newest stored rate, so a restart does not zero it. */
    public void restoreMetrics() {
        Loops.runLogged(
                "restoring kur sync metrics", () -> repository.lastUpdatedAt().ifPresent(metrics::restoreLastSuccess));
    }

    /** Istanbul's date now. */
    public LocalDate today() {
        return clock.instant().atZone(ISTANBUL).toLocalDate();
    }

    /**
     * The bulletin {@code today.xml} should hold now: today's from 15:30 on a business day, else the previous
     * business day's.
     */
    public LocalDate expectedLatest() {
        ZonedDateTime now = clock.instant().atZone(ISTANBUL);
        LocalDate today = now.toLocalDate();
        return calendar.isBusinessDay(today) && !now.toLocalTime().isBefore(PUBLICATION)
                ? today
                : calendar.previousBusinessDay(today);
    }

    /** The bulletin of {@code date} from the archive (or EVDS), stored under that date. */
    public DayOutcome syncDate(LocalDate date, Optional<Long> jobRunId) {
        if (date.isBefore(FIRST_TRY_DATE)) {
            throw new ExchangeRateSyncException(
                    "kur sync of " + date + " refused: bulletins before " + FIRST_TRY_DATE + " are in old Turkish lira",
                    null);
        }
        if (date.isAfter(today())) {
            return new NoBulletin(date, "the date is in the future");
        }
        Optional<String> closure = calendar.closure(date);
        if (closure.isPresent()) {
            return new NoBulletin(date, closure.get() + ", TCMB publishes no bulletin");
        }
        return timed(date, notes -> {
            Optional<Bulletin> bulletin = fetch(date, false, notes);
            if (bulletin.isEmpty()) {
                return new NoBulletin(date, "TCMB published no bulletin (the archive answered 404)");
            }
            return validateAndStore(bulletin.get(), date, date, jobRunId, notes);
        });
    }

    /**
     * The newest bulletin ({@code today.xml}, else EVDS), which should be that of {@code expected}. When
     * {@code today.xml} still holds an older one, the archive is asked for {@code expected}; if TCMB has not
     * published it yet the sync fails, so that the scheduler retries.
     */
    public DayOutcome syncLatest(LocalDate expected, Optional<Long> jobRunId) {
        return timed(expected, notes -> {
            Bulletin latest = fetch(expected, true, notes)
                    .orElseThrow(() -> new SourceUnavailableException("no bulletin in today.xml"));
            LocalDate earliest = expected;
            if (latest.date().isBefore(expected)) {
                log.info(
                        "today.xml still holds the bulletin of {}; asking the archive for {}", latest.date(), expected);
                Optional<Bulletin> archived = fetch(expected, false, notes);
                if (archived.isEmpty()) {
                    throw new SourceUnavailableException(
                            "the bulletin of " + expected + " is not published yet: today.xml" + " still holds that of "
                                    + latest.date() + " and the archive answers 404");
                }
                latest = archived.get();
            }
            return validateAndStore(latest, earliest, today(), jobRunId, notes);
        });
    }

    /**
     * Fills the business days missing since the last stored bulletin before {@code until}, looking back at most
     * {@code backfillDays} calendar days; oldest first, so that each day is compared with the one before it. A
     * day that fails is reported and tried again by the next run.
     */
    public BackfillOutcome backfill(LocalDate until, Optional<Long> jobRunId, BooleanSupplier stop) {
        List<Stored> stored = new ArrayList<>();
        List<NoBulletin> none = new ArrayList<>();
        Map<LocalDate, String> failed = new LinkedHashMap<>();
        if (settings.backfillDays() == 0) {
            return new BackfillOutcome(stored, none, failed);
        }
        LocalDate windowStart = until.minusDays(settings.backfillDays());
        LocalDate from = repository
                .lastBulletinOnOrBefore(until.minusDays(1), windowStart)
                .map(last -> last.plusDays(1))
                .orElse(windowStart);
        Set<LocalDate> present = repository.storedDates(from, until);
        for (LocalDate day : calendar.businessDays(from, until)) {
            if (stop.getAsBoolean()) {
                break;
            }
            if (present.contains(day)) {
                continue;
            }
            try {
                switch (syncDate(day, jobRunId)) {
                    case Stored s -> stored.add(s);
                    case NoBulletin n -> none.add(n);
                }
            } catch (ExchangeRateSyncException e) {
                failed.put(day, e.getMessage());
            }
        }
        return new BackfillOutcome(stored, none, failed);
    }

    private interface Step {
        DayOutcome run(List<String> notes);
    }

    private DayOutcome timed(LocalDate date, Step step) {
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>();
        try {
            DayOutcome outcome = step.run(notes);
            if (outcome instanceof Stored s) {
                metrics.succeeded(s.currencies(), Duration.ofNanos(System.nanoTime() - start), clock.instant());
                log.info("kur sync: {}", s.describe());
            }
            return outcome;
        } catch (RuntimeException e) {
            metrics.failed(Duration.ofNanos(System.nanoTime() - start));
            if (e instanceof ExchangeRateSyncException sync) {
                throw sync;
            }
            throw new ExchangeRateSyncException("kur sync of " + date + " failed: " + e.getMessage(), e);
        }
    }

    private Optional<Bulletin> fetch(LocalDate date, boolean latest, List<String> notes) {
        try {
            return latest ? primary.latest(date) : primary.bulletinOf(date);
        } catch (SourceUnavailableException primaryDown) {
            log.warn(
                    "{} failed for {}: {}; trying {}", primary.kind(), date, primaryDown.getMessage(), fallback.kind());
            try {
                Optional<Bulletin> b = fallback.bulletinOf(date);
                notes.add(primary.kind() + " failed (" + primaryDown.getMessage() + "), served by " + fallback.kind());
                return b;
            } catch (SourceUnavailableException fallbackDown) {
                throw new ExchangeRateSyncException(
                        "kur sync of " + date + " failed: " + primary.kind() + ": " + primaryDown.getMessage() + "; "
                                + fallback.kind() + ": " + fallbackDown.getMessage(),
                        primaryDown);
            }
        }
    }

    private Stored validateAndStore(
            Bulletin b, LocalDate earliest, LocalDate latest, Optional<Long> jobRunId, List<String> notes) {
        validator.validate(b, earliest, latest);
        Instant now = clock.instant();
        List<Anomaly> opened = repository.inTransaction(tx -> {
            var previous = repository.previousRates(
                    tx, b.date(), b.rates().stream().map(CurrencyRate::code).toList());
            List<Anomaly> anomalies = new ArrayList<>();
            for (CurrencyRate r : b.rates()) {
                StoredRate p = previous.get(r.code());
                if (p != null) {
                    anomaly(b.date(), r, p).ifPresent(anomalies::add);
                }
            }
            // A move so large that its change does not fit kur_anomalies would end in a database error.
            List<String> unrecordable = anomalies.stream()
                    .filter(a -> !KurlarRepository.COLUMN_SIZES.changeFits(a.change()))
                    .map(a -> a.describe() + " is a larger move than kur_anomalies records")
                    .toList();
            if (!unrecordable.isEmpty()) {
                throw new InvalidBulletinException(b.source() + " bulletin of " + b.date()
                        + " rejected, nothing written: " + String.join("; ", unrecordable));
            }
            repository.upsert(tx, b, now);
            return repository.openAnomalies(tx, anomalies, jobRunId, now);
        });
        try {
            long deleted = cache.invalidateAll();
            log.debug("kur sync of {}: {} cache keys deleted", b.date(), deleted);
        } catch (RuntimeException e) {
            // The rates are committed; a stale cache entry lives at most its TTL. Say so, do not fail the run.
            notes.add("cache invalidation failed: " + e.getMessage());
            alerts.send(
                    Severity.WARNING,
                    "Kur cache not invalidated",
                    "kurlar:* could not be deleted after storing " + b.date() + ": " + e.getMessage(),
                    Map.of("date", b.date().toString()));
        }
        if (!opened.isEmpty()) {
            alerts.send(
                    Severity.WARNING,
                    "Kur anomalisi " + b.date(),
                    opened.size() + " rate(s) moved more than "
                            + settings.anomalyThreshold()
                                    .movePointRight(2)
                                    .stripTrailingZeros()
                                    .toPlainString()
                            + " % and wait for an operator: "
                            + String.join(
                                    ", ", opened.stream().map(Anomaly::describe).toList()),
                    Map.of(
                            "date",
                            b.date().toString(),
                            "source",
                            b.source().name(),
                            "currencies",
                            opened.stream().map(Anomaly::code).toList()));
        }
        return new Stored(
                b.date(), b.source(), b.rates().stream().map(CurrencyRate::code).toList(), opened, List.copyOf(notes));
    }

    private Optional<Anomaly> anomaly(LocalDate date, CurrencyRate now, StoredRate before) {
        BigDecimal perUnitNow = now.forexBuying().divide(BigDecimal.valueOf(now.unit()), 12, RoundingMode.HALF_EVEN);
        BigDecimal perUnitBefore =
                before.buying().divide(BigDecimal.valueOf(before.unit()), 12, RoundingMode.HALF_EVEN);
        if (perUnitBefore.signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal change = perUnitNow.subtract(perUnitBefore).divide(perUnitBefore, 6, RoundingMode.HALF_EVEN);
        if (change.abs().compareTo(settings.anomalyThreshold()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Anomaly(date, now.code(), before.date(), before.buying(), now.forexBuying(), change));
    }
}
