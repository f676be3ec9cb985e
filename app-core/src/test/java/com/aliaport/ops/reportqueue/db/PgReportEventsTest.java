package com.aliaport.ops.reportqueue.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.reportqueue.ReportEvents;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
    void ended_rows_are_wanted_once_a_waiter_takes_a_position_and_not_for_an_event_stream() {
        PgReportEvents events = new PgReportEvents(null); // not started: no LISTEN, only what it is told
        ReportEvents.Subscription stream = events.subscribe(ID, () -> {});

        boolean forStream = events.wantsEndedRows();
        events.position();

        assertThat(forStream)
                .as("an event stream: results are written without reading their rows back")
                .isFalse();
        assertThat(events.wantsEndedRows()).isTrue();
        stream.close();
    }

    @Test
    void a_waiter_of_the_end_is_woken_by_ends_only_and_a_stream_by_every_change() {
        PgReportEvents events = new PgReportEvents(null);
        AtomicInteger ends = new AtomicInteger();
        AtomicInteger changes = new AtomicInteger();
        try (ReportEvents.Subscription end = events.subscribeToEnd(ID, events.position(), ends::incrementAndGet);
                ReportEvents.Subscription all = events.subscribe(ID, changes::incrementAndGet)) {
            events.changed(ID);
            events.changed(UUID.randomUUID());
            assertThat(ends.get()).as("after a claim or progress").isZero();

            events.finished(ID);

            assertThat(ends.get()).isEqualTo(1);
            assertThat(changes.get()).isEqualTo(2);
        }
    }
}
