package com.aliaport.ops.reportqueue.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.reportqueue.ReportEvents;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

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

    @Test
    void an_interrupted_listener_whose_database_is_away_stops_instead_of_retrying_without_pause() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        PGSimpleDataSource away = new PGSimpleDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                tries.incrementAndGet();
                throw new SQLException("connection refused (the test's database is away)");
            }
        };
        Set<Thread> before = listeners();
        PgReportEvents events = new PgReportEvents(away).start();
        try {
            Thread listener = waitForNewListener(before);
            while (tries.get() == 0) {
                Thread.sleep(10);
            }
            listener.interrupt(); // as exec:java does to a program's threads when its main ends
            listener.join(2_000);
            int triesThen = tries.get();
            Thread.sleep(300);

            assertThat(listener.isAlive())
                    .as("the listener thread, 2 s after the interrupt")
                    .isFalse();
            assertThat(tries.get()).as("connections tried after it ended").isEqualTo(triesThen);
            assertThat(triesThen).as("connections tried in all").isLessThanOrEqualTo(2);
        } finally {
            events.close();
        }
    }

    private static Set<Thread> listeners() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("report-events"))
                .collect(Collectors.toSet());
    }

    private static Thread waitForNewListener(Set<Thread> before) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (Thread t : listeners()) {
                if (!before.contains(t)) {
                    return t;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no report-events thread started");
    }
}
