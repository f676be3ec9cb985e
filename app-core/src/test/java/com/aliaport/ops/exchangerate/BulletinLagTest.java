package com.aliaport.ops.exchangerate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BulletinLagTest {
    private final BulletinLag lag = new BulletinLag(null, new TurkishBusinessCalendar(), Clock.systemUTC());

    /** An Istanbul wall-clock time (UTC+3). */
    private static Instant istanbul(String localDateTime) {
        return Instant.parse(localDateTime + ":00Z").minusSeconds(3 * 3600);
    }

    @Test
    void fridays_bulletin_keeps_the_lag_at_zero_all_weekend() {
        Optional<LocalDate> friday = Optional.of(LocalDate.of(2026, 3, 13));
        assertThat(lag.lag(friday, istanbul("2026-03-13T17:00"))).isZero();
        assertThat(lag.lag(friday, istanbul("2026-03-14T12:00"))).isZero(); // Saturday
        assertThat(lag.lag(friday, istanbul("2026-03-15T23:00"))).isZero(); // Sunday
        assertThat(lag.lag(friday, istanbul("2026-03-16T16:00"))).isZero(); // Monday, not due yet
        assertThat(lag.lag(friday, istanbul("2026-03-16T16:31"))).isEqualTo(1); // Monday's is due and missing
    }

    @Test
    void a_business_day_whose_bulletin_is_missing_counts_after_1630() {
        Optional<LocalDate> monday = Optional.of(LocalDate.of(2026, 3, 16));
        assertThat(lag.lag(monday, istanbul("2026-03-17T16:29"))).isZero();
        assertThat(lag.lag(monday, istanbul("2026-03-17T16:30"))).isEqualTo(1);
        assertThat(lag.lag(Optional.of(LocalDate.of(2026, 3, 9)), istanbul("2026-03-12T17:00")))
                .isEqualTo(3);
    }

    @Test
    void a_holiday_is_no_lag() {
        // 2026-03-20 is Ramazan Bayramı (Friday); its eve 2026-03-19 is a TCMB closure too.
        Optional<LocalDate> wednesday = Optional.of(LocalDate.of(2026, 3, 18));
        assertThat(lag.lag(wednesday, istanbul("2026-03-20T17:00"))).isZero();
        assertThat(lag.lag(wednesday, istanbul("2026-03-22T17:00"))).isZero();
    }

    @Test
    void nothing_stored_yet_is_one_day_missing() {
        assertThat(lag.lag(Optional.empty(), istanbul("2026-03-17T17:00"))).isEqualTo(1);
    }
}
