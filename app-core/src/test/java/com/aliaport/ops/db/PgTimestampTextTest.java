package com.aliaport.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PgTimestampTextTest {
    @Test
    void writes_nine_fraction_digits_in_utc() {
        assertThat(PgTimestampText.of(Instant.parse("2026-03-01T21:30:00.123456Z")))
                .isEqualTo("2026-03-01T21:30:00.123456000Z");
        assertThat(PgTimestampText.of(Instant.parse("1969-12-31T23:59:59.999999999Z")))
                .isEqualTo("1969-12-31T23:59:59.999999999Z");
        assertThat(PgTimestampText.of(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000000000Z");
    }

    @Test
    void reads_back_as_the_same_instant_from_year_1_to_9999() {
        SplittableRandom random = new SplittableRandom(17);
        long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        List<Instant> edges = List.of(
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("2024-02-29T12:00:00Z"),
                Instant.parse("2000-02-29T23:59:59.5Z"),
                Instant.parse("1900-03-01T00:00:00.000000001Z"));
        for (Instant at : edges) {
            assertThat(Instant.parse(PgTimestampText.of(at))).isEqualTo(at);
        }
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(first, last + 1), random.nextInt(1_000_000_000));
            assertThat(Instant.parse(PgTimestampText.of(at))).isEqualTo(at);
        }
    }

    @Test
    void years_outside_four_digits_keep_instants_own_text() {
        for (Instant at : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("0000-12-31T23:59:59Z"))) {
            assertThat(PgTimestampText.of(at)).isEqualTo(at.toString());
        }
    }
}
