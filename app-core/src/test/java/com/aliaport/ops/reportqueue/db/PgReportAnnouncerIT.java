package com.aliaport.ops.reportqueue.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The announcements of task changes on {@code report_progress}, on the real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PgReportAnnouncerIT {
    private static final Duration LINGER = Duration.ofMillis(5);
    private static final Duration BUSY_LINGER = Duration.ofMillis(600);

    private static List<UUID> tasks(Database db, int n) {
        return db.dsl()
                .fetch(
                        "INSERT INTO report_tasks (id, task_type, requested_by, state)"
                                + " SELECT gen_random_uuid(), 'no-file', 'u', 'PENDING' FROM generate_series(1, ?)"
                                + " RETURNING id",
                        n)
                .getValues(0, UUID.class);
    }

    /** The notifications that arrive within {@code quiet} of each other, by task id. */
    private static Map<String, Long> announced(Connection listen, Duration quiet) throws SQLException {
        List<String> ids = new ArrayList<>();
        PGNotification[] batch;
        while ((batch = listen.unwrap(PGConnection.class).getNotifications((int) quiet.toMillis())) != null
                && batch.length > 0) {
            for (PGNotification n : batch) {
                ids.add(String.valueOf(Json.read(n.getParameter(), Map.class).get("id")));
            }
        }
        return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void under_a_burst_a_tasks_quick_succession_of_changes_is_announced_once_and_a_lone_change_at_once(
            Database db, ConnectionSettings settings) throws Exception {
        List<UUID> burst = tasks(db, 100);
        UUID lone = tasks(db, 1).getFirst();
        try (Connection listen = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), "");
                PgReportAnnouncer announcer = new PgReportAnnouncer(db.dsl(), LINGER, BUSY_LINGER)) {
            listen.createStatement().execute("LISTEN report_progress");
            // GIVEN 100 changes waiting when the announcer starts: a burst
            burst.forEach(announcer::changed);
            announcer.start();
            // WHEN each task changes twice more within the burst's gathering (claimed, then ended)
            for (int round = 0; round < 2; round++) {
                Thread.sleep(100);
                burst.forEach(announcer::changed);
            }

            // THEN each is announced once, its three changes folded into one notification
            Map<String, Long> perTask = announced(listen, Duration.ofSeconds(2));
            assertThat(perTask).hasSize(100);
            assertThat(perTask.values()).containsOnly(1L);

            // AND a lone change once the burst is over goes out after the short gathering, not the burst's
            long before = System.nanoTime();
            announcer.changed(lone);
            PGNotification[] got = listen.unwrap(PGConnection.class).getNotifications(5_000);
            Duration took = Duration.ofNanos(System.nanoTime() - before);
            assertThat(got)
                    .extracting(PGNotification::getParameter)
                    .singleElement()
                    .asString()
                    .contains(lone.toString());
            assertThat(took).isLessThan(BUSY_LINGER.minusMillis(200));
        }
    }

    @Test
    void after_a_burst_a_steady_trickle_of_single_changes_goes_out_at_the_short_gathering(
            Database db, ConnectionSettings settings) throws Exception {
        List<UUID> burst = tasks(db, 100);
        List<UUID> trickle = tasks(db, 4_000);
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        AtomicBoolean listening = new AtomicBoolean(true);
        try (Connection listen = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), "");
                PgReportAnnouncer announcer = new PgReportAnnouncer(db.dsl(), LINGER, BUSY_LINGER)) {
            listen.createStatement().execute("LISTEN report_progress");
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (listening.get()) {
                        PGNotification[] got = listen.unwrap(PGConnection.class).getNotifications(50);
                        if (got != null && got.length > 0) {
                            arrivals.add(System.nanoTime());
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // GIVEN a burst waiting when the announcer starts: its gathering is the long one
            burst.forEach(announcer::changed);
            announcer.start();
            // WHEN changes then come one at a time, one every half millisecond (single requests), for about two seconds
            for (UUID id : trickle) {
                announcer.changed(id);
                LockSupport.parkNanos(500_000);
            }
            long trickleEnd = System.nanoTime();
            Thread.sleep(BUSY_LINGER.toMillis() + 500);
            listening.set(false);
            reader.join();

            // THEN after the burst's batch, the trickle goes out batch after batch at the short gathering: no gap
            // between two notifications near the burst's gathering (a trickle that held it leaves gaps of 600 ms)
            List<Long> during = arrivals.stream().filter(t -> t <= trickleEnd).toList();
            assertThat(during).hasSizeGreaterThan(10);
            long widest = 0;
            for (int i = 1; i < during.size(); i++) {
                widest = Math.max(widest, during.get(i) - during.get(i - 1));
            }
            assertThat(Duration.ofNanos(widest)).isLessThan(BUSY_LINGER.dividedBy(3));
        }
    }
}
