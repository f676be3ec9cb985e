package com.aliaport.ops.daemon.reportapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The {@code Prefer: wait} header as {@link ReportApi} reads it (RFC 7240): a bad one is ignored, a long one capped. */
class PreferWaitTest {
    @Test
    void a_whole_number_of_seconds_is_taken_among_other_preferences_and_capped() {
        assertThat(ReportApi.preferredWait("wait=5")).hasValue(5);
        assertThat(ReportApi.preferredWait("respond-async, Wait = 12")).hasValue(12);
        assertThat(ReportApi.preferredWait("wait=\"7\"; foo=bar")).hasValue(7);
        assertThat(ReportApi.preferredWait("wait=3600")).hasValue(ReportApi.MAX_PREFER_WAIT_SECONDS);
    }

    @Test
    void an_absent_zero_negative_or_malformed_wait_is_ignored() {
        assertThat(ReportApi.preferredWait(null)).isEqualTo(OptionalInt.empty());
        assertThat(ReportApi.preferredWait("respond-async")).isEmpty();
        assertThat(ReportApi.preferredWait("wait=0")).isEmpty();
        assertThat(ReportApi.preferredWait("wait=-5")).isEmpty();
        assertThat(ReportApi.preferredWait("wait=soon")).isEmpty();
        assertThat(ReportApi.preferredWait("wait=99999999999")).isEmpty();
        assertThat(ReportApi.preferredWait("waiting=5")).isEmpty();
    }
}
