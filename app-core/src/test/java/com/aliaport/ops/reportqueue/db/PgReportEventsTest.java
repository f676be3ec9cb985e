package com.aliaport.ops.reportqueue.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reading notifications without parsing them whole; the shape json_build_object gives is checked by AwaitEndIT. */
class PgReportEventsTest {
    private static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    @Test
    void the_id_and_end_of_the_announcers_shape_are_read_and_any_other_json_is_parsed() {
        String announced =
                "{\"id\" : \"" + ID + "\", \"type\" : \"barinma\", \"user\" : \"u1\", \"state\" : \"PROGRESS\","
                        + " \"current\" : 3, \"total\" : 10, \"status\" : \"Satır 3\"}";
        String reordered = "{\"state\":\"SUCCESS\",\"id\":\"" + ID + "\"}";

        assertThat(PgReportEvents.idOf(announced)).isEqualTo(ID);
        assertThat(PgReportEvents.endedIn(announced)).isFalse();
        assertThat(PgReportEvents.idOf(reordered)).isEqualTo(ID);
        assertThat(PgReportEvents.endedIn(reordered)).isTrue();
    }

    @Test
    void a_notification_without_a_known_state_counts_as_an_end_and_one_without_an_id_is_refused() {
        assertThat(PgReportEvents.endedIn("{\"id\" : \"" + ID + "\"}")).isTrue();
        assertThat(PgReportEvents.endedIn("{\"id\" : \"" + ID + "\", \"state\" : \"LATER\"}"))
                .isTrue();
        assertThatThrownBy(() -> PgReportEvents.idOf("{\"state\" : \"SUCCESS\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ended_rows_are_wanted_only_once_someone_takes_a_position_to_wait() {
        PgReportEvents events = new PgReportEvents(null); // not started: no LISTEN, only what it is told

        boolean before = events.wantsEndedRows();
        long position = events.position();

        assertThat(before)
                .as("no waiter: results are written without reading their rows back")
                .isFalse();
        assertThat(events.wantsEndedRows()).isTrue();
        assertThat(position).isZero();
    }
}
