package com.aliaport.ops.exchangerate;

import com.aliaport.ops.exchangerate.db.KurlarRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * How many TCMB business days' bulletins are due and not stored: the alert {@code KurSyncMissing} reads it.
 * A bulletin is due from 16:30 Istanbul (the sync runs at 16:00) on a business day; weekends and holidays
 * add nothing, so Friday's bulletin keeps the lag at 0 all weekend.
 */
public final class BulletinLag {
    static final LocalTime DUE = LocalTime.of(16, 30);
    private static final int CAP = 60;
    private static final Duration CACHE = Duration.ofSeconds(30);

    private final KurlarRepository repository;
    private final TurkishBusinessCalendar calendar;
    private final Clock clock;
    private volatile Instant cachedAt = Instant.EPOCH;
    private volatile int cached;

    public BulletinLag(KurlarRepository repository, TurkishBusinessCalendar calendar, Clock clock) {
        this.repository = repository;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** Registers {@code kur_sync_bulletin_lag_business_days}, read at most every 30 s from the database. */
    public BulletinLag register(MeterRegistry registry) {
        Gauge.builder("kur.sync.bulletin.lag.business.days", this, BulletinLag::cachedLag)
                .description("TCMB business days whose bulletin is due and not stored in kurlar")
                .register(registry);
        return this;
    }

    private double cachedLag() {
        Instant now = clock.instant();
        if (Duration.between(cachedAt, now).compareTo(CACHE) > 0) {
            cached = lag(repository.lastBulletinDate(), now);
            cachedAt = now;
        }
        return cached;
    }

    /** The business days after {@code lastStored} up to the newest due bulletin. */
    int lag(Optional<LocalDate> lastStored, Instant now) {
        return lag(calendar, lastStored, now);
    }

    /** The same count for any reader (the console's overview shows it). */
    public static int lag(TurkishBusinessCalendar calendar, Optional<LocalDate> lastStored, Instant now) {
        ZonedDateTime istanbul = now.atZone(ExchangeRateSyncService.ISTANBUL);
        LocalDate today = istanbul.toLocalDate();
        LocalDate due = calendar.isBusinessDay(today) && !istanbul.toLocalTime().isBefore(DUE)
                ? today
                : calendar.previousBusinessDay(today);
        if (lastStored.isEmpty()) {
            return 1;
        }
        int lag = 0;
        for (LocalDate d = due; d.isAfter(lastStored.get()) && lag < CAP; d = d.minusDays(1)) {
            if (calendar.isBusinessDay(d)) {
                lag++;
            }
        }
        return lag;
    }
}
