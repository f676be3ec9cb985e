package com.aliaport.ops.reportqueue.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the announcer takes the changes for a burst and gathers them longer (the rule; the IT runs it). */
class PgReportAnnouncerTest {
    private static long ms(double millis) {
        return (long) (millis * 1_000_000);
    }

    @Test
    void changes_coming_faster_than_sixteen_in_five_ms_are_a_burst() {
        assertThat(PgReportAnnouncer.burst(100, 100, ms(2))).isTrue();
        assertThat(PgReportAnnouncer.burst(16, 16, ms(5))).isTrue();
    }

    @Test
    void a_steady_trickle_of_single_requests_is_not_a_burst_however_many_came_while_a_batch_was_sent() {
        // A change every 0.7 ms: 20 came while a 14 ms batch was sent (the count alone called it a burst).
        assertThat(PgReportAnnouncer.burst(20, 20, ms(14))).isFalse();
        assertThat(PgReportAnnouncer.burst(16, 16, ms(5.1))).isFalse();
    }

    @Test
    void a_few_changes_at_once_are_not_a_burst() {
        assertThat(PgReportAnnouncer.burst(15, 15, 0)).isFalse();
    }

    @Test
    void changes_left_over_from_a_full_batch_count_as_waiting_not_as_arrived() {
        assertThat(PgReportAnnouncer.burst(300, 10, ms(20))).isFalse();
        assertThat(PgReportAnnouncer.burst(300, 80, ms(20))).isTrue();
    }
}
