package com.aliaport.ops.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchSizerTest {
    private static final long MS = 1_000_000L;

    @Test
    void starts_at_a_quarter_and_grows_to_the_configured_size_on_a_fast_server() {
        BatchSizer sizer = new BatchSizer(20_000);
        assertThat(sizer.next()).isEqualTo(5_000);
        sizer.took(5_000, 25 * MS); // 200k rows/s: 50k would fit in 250 ms, but growth is at most doubling
        assertThat(sizer.next()).isEqualTo(10_000);
        sizer.took(10_000, 50 * MS);
        assertThat(sizer.next()).isEqualTo(20_000);
        sizer.took(20_000, 100 * MS);
        assertThat(sizer.next()).isEqualTo(20_000);
    }

    @Test
    void shrinks_to_what_fits_in_the_target_when_a_batch_is_slow() {
        BatchSizer sizer = new BatchSizer(20_000);
        sizer.took(20_000, 1_000 * MS); // 20k rows/s: 5,000 fit in 250 ms
        assertThat(sizer.next()).isEqualTo(5_000);
        sizer.took(5_000, 10_000 * MS); // a stall: never below the floor
        assertThat(sizer.next()).isEqualTo(BatchSizer.MIN_ROWS);
    }

    @Test
    void a_configured_size_below_the_floor_is_kept() {
        BatchSizer sizer = new BatchSizer(100);
        assertThat(sizer.next()).isEqualTo(100);
        sizer.took(100, 10_000 * MS);
        assertThat(sizer.next()).isEqualTo(100);
    }
}
