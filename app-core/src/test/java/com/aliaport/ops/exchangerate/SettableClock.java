package com.aliaport.ops.exchangerate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** A clock tests set and advance ("tick, then run"). */
public final class SettableClock extends Clock {
    private volatile Instant now;

    public SettableClock(Instant now) {
        this.now = now;
    }

    /** A clock at {@code local} Istanbul time. */
    public static SettableClock istanbul(String localDateTime) {
        return new SettableClock(LocalDateTime.parse(localDateTime)
                .atZone(ExchangeRateSyncService.ISTANBUL)
                .toInstant());
    }

    public void set(Instant instant) {
        now = instant;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ExchangeRateSyncService.ISTANBUL;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }
}
