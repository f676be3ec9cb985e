package com.aliaport.ops.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final Locale TR = Locale.forLanguageTag("tr-TR");

    @Test
    void production_schedules_read_as_words_in_turkish_and_english() {
        assertThat(Schedules.inWords("0 0 16 ? * MON-FRI", TR)).isEqualTo("Hafta içi her gün 16:00");
        assertThat(Schedules.inWords("0 0 16 ? * MON-FRI", Locale.ENGLISH)).isEqualTo("Weekdays at 16:00");
        assertThat(Schedules.inWords("0 0 3 * * ?", TR)).isEqualTo("Her gün 03:00");
        assertThat(Schedules.inWords("0 30 2 * * ?", Locale.ENGLISH)).isEqualTo("Every day at 02:30");
        assertThat(Schedules.inWords("0 15 * * * ?", TR)).isEqualTo("Her saat, 15. dakikada");
        assertThat(Schedules.inWords("*/5 * * * * ?", Locale.ENGLISH)).isEqualTo("Every 5 seconds");
        assertThat(Schedules.inWords("0 0 12 1 1 ? 2030", Locale.ENGLISH)).isEqualTo("cron 0 0 12 1 1 ? 2030");
    }

    @Test
    void weekday_job_skips_the_weekend_in_istanbul_time() {
        // Friday 2026-11-27 17:00 Istanbul: the next fires are Monday to Friday of the next week, 16:00 +03.
        Instant friday = Instant.parse("2026-11-27T14:00:00Z");
        assertThat(Schedules.nextFires("0 0 16 ? * MON-FRI", ISTANBUL, friday, 5))
                .containsExactly(
                        Instant.parse("2026-11-30T13:00:00Z"),
                        Instant.parse("2026-12-01T13:00:00Z"),
                        Instant.parse("2026-12-02T13:00:00Z"),
                        Instant.parse("2026-12-03T13:00:00Z"),
                        Instant.parse("2026-12-04T13:00:00Z"));
    }
}
