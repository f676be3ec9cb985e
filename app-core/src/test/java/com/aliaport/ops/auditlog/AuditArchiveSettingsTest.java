package com.aliaport.ops.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.config.AppConfig;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AuditArchiveSettingsTest {
    private static final AuditArchiveSettings NINETY =
            AuditArchiveSettings.from(new AppConfig.Audit(90), AuditArchiveSettings.ISTANBUL);

    @Test
    void the_cutoff_is_the_istanbul_midnight_starting_the_day_90_days_back() {
        // 22:30 UTC on 14 March is already 15 March in Istanbul
        assertThat(NINETY.cutoff(Instant.parse("2026-03-14T22:30:00Z")))
                .isEqualTo(Instant.parse("2025-12-14T21:00:00Z"));
        assertThat(NINETY.cutoff(Instant.parse("2026-03-14T20:30:00Z")))
                .isEqualTo(Instant.parse("2025-12-13T21:00:00Z"));
    }

    @Test
    void the_cutoff_counts_calendar_days_across_a_daylight_saving_change() {
        AuditArchiveSettings berlin = new AuditArchiveSettings(
                10,
                AppConfig.Audit.Mode.PLAIN,
                1_000,
                3,
                ZoneId.of("Europe/Berlin"),
                AuditArchiveSettings.DEFAULT_LOCK_TIMEOUT);
        // 5 April 2026 12:00 CEST; ten days back is 26 March, before the change of 29 March: midnight is 23:00 UTC
        assertThat(berlin.cutoff(Instant.parse("2026-04-05T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-25T23:00:00Z"));
    }

    @Test
    void a_month_partition_spans_the_istanbul_calendar_month_and_is_named_after_it() {
        PartitionMonth january = new PartitionMonth(YearMonth.of(2026, 1), AuditArchiveSettings.ISTANBUL);

        assertThat(january.from()).isEqualTo(Instant.parse("2025-12-31T21:00:00Z"));
        assertThat(january.to()).isEqualTo(Instant.parse("2026-01-31T21:00:00Z"));
        assertThat(january.tableName("audit_events")).isEqualTo("audit_events_2026_01");
        assertThat(PartitionMonth.of(Instant.parse("2026-01-31T21:30:00Z"), AuditArchiveSettings.ISTANBUL))
                .isEqualTo(january.next());
    }
}
