package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.report.ReportDataException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportErrorCodeTest {

    @Test
    void a_data_error_anywhere_in_the_cause_chain_keeps_only_its_own_message() {
        var wrapped = new RuntimeException(
                "org.jooq.exception.DataAccessException: wrapper",
                new ReportDataException("no exchange rate for USD on or before 2026-01-02"));

        var failure = ReportErrorCode.classify(wrapped);

        assertThat(failure.code()).isEqualTo(ReportErrorCode.REPORT_DATA);
        assertThat(failure.detail()).isEqualTo("no exchange rate for USD on or before 2026-01-02");
        assertThat(failure.code().publicMessage(Optional.of(failure.detail()))).isEqualTo(failure.detail());
    }

    @Test
    void a_parameter_refused_at_run_time_shows_the_field_and_its_message() {
        var failure = ReportErrorCode.classify(new InvalidReportParameterException("cari_code", "no customer X"));

        assertThat(failure.code()).isEqualTo(ReportErrorCode.INVALID_PARAMETER);
        assertThat(failure.detail()).isEqualTo("cari_code: no customer X");
    }

    @Test
    void anything_else_is_internal_its_detail_kept_for_operators_but_never_shown() {
        var failure = ReportErrorCode.classify(new UncheckedIOException(
                "storage", new AccessDeniedException("/var/lib/aliaport/reports/.incoming/x.xlsx")));

        assertThat(failure.code()).isEqualTo(ReportErrorCode.INTERNAL);
        assertThat(failure.detail()).startsWith("UncheckedIOException: storage");
        assertThat(ReportErrorCode.INTERNAL.publicMessage(Optional.of(failure.detail())))
                .doesNotContain("Exception", "/var/lib", "storage")
                .contains("internal error");
    }

    @Test
    void a_row_without_a_code_or_with_an_unknown_one_reads_as_internal() {
        assertThat(ReportErrorCode.of(Optional.empty())).isEqualTo(ReportErrorCode.INTERNAL);
        assertThat(ReportErrorCode.of(Optional.of("SOMETHING_NEW"))).isEqualTo(ReportErrorCode.INTERNAL);
        assertThat(ReportErrorCode.of(Optional.of("TIMED_OUT"))).isEqualTo(ReportErrorCode.TIMED_OUT);
    }
}
