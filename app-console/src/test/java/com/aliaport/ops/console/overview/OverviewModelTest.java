package com.aliaport.ops.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OverviewModelTest {
    @Test
    void a_running_reports_progress_tick_does_not_reread_the_overview_but_a_state_change_does() {
        // The payloads as PgReportAnnouncer's json_build_object writes them.
        assertThat(OverviewModel.progressTick(
                        "{\"id\" : \"5f1c\", \"type\" : \"barinma\", \"state\" : \"PROGRESS\", \"current\" : 10}"))
                .isTrue();
        assertThat(OverviewModel.progressTick("{\"id\" : \"5f1c\", \"state\" : \"SUCCESS\"}"))
                .isFalse();
        assertThat(OverviewModel.progressTick("{\"id\" : \"5f1c\", \"state\" : \"STARTED\"}"))
                .isFalse();
        assertThat(OverviewModel.progressTick("not json")).isFalse();
    }
}
