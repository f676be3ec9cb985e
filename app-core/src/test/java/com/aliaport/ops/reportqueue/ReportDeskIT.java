package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The report desk's reads on real PostgreSQL: keyset pages, filters, re-reads by id, attempts, requesters. */
@ExtendWith(PostgresExtension.class)
class ReportDeskIT {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    /** A task row as the queue leaves it; {@code minute} minutes after T0. */
    private static UUID task(Database db, String type, String user, ReportState state, int minute, boolean dead) {
        UUID id = UUID.randomUUID();
        Instant created = T0.plus(Duration.ofMinutes(minute));
        boolean finished = state.terminal();
        db.dsl()
                .execute(
                        """
                        INSERT INTO report_tasks (id, task_type, requested_by, parameters, state, attempts,
                            dead_lettered, error, created_at, started_at, finished_at, progress_current,
                            progress_total, progress_status)
                        VALUES (?, ?, ?, '{"date_from": "2026-03-01", "rows": 5}'::jsonb, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz,
                            ?::timestamptz, 2, 5, ?)""",
                        id,
                        type,
                        user,
                        state.name(),
                        dead ? 4 : (state == ReportState.PENDING ? 0 : 1),
                        dead,
                        state == ReportState.FAILURE ? "boom " + minute : null,
                        OffsetDateTime.ofInstant(created, ZoneOffset.UTC),
                        state == ReportState.PENDING
                                ? null
                                : OffsetDateTime.ofInstant(created.plusSeconds(1), ZoneOffset.UTC),
                        finished ? OffsetDateTime.ofInstant(created.plusSeconds(5), ZoneOffset.UTC) : null,
                        "2/5 satır");
        return id;
    }

    @Test
    void pages_every_users_tasks_newest_first_by_keyset_without_gaps_or_repeats(Database db) {
        // GIVEN 25 tasks of three users, two of them at the same instant (the id breaks the tie)
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            made.add(task(db, i % 2 == 0 ? "barinma" : "manifest", "user" + (i % 3), ReportState.SUCCESS, i, false));
        }
        made.add(task(db, "barinma", "user0", ReportState.SUCCESS, 23, false));
        ReportDesk desk = new ReportDesk(db.dsl());

        // WHEN the desk pages through them 10 at a time
        List<DeskTask> seen = new ArrayList<>();
        List<DeskTask> page = desk.page(DeskFilter.ALL, Optional.empty(), Optional.empty(), 10);
        List<Integer> sizes = new ArrayList<>();
        while (!page.isEmpty()) {
            sizes.add(page.size());
            seen.addAll(page);
            DeskTask last = page.getLast();
            page = desk.page(DeskFilter.ALL, Optional.of(last.createdAt()), Optional.of(last.id()), 10);
        }

        // THEN every task once, newest first
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(seen).extracting(DeskTask::id).containsExactlyInAnyOrderElementsOf(made);
        assertThat(seen).extracting(DeskTask::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
        DeskTask first = seen.getFirst();
        assertThat(first.createdAt()).isEqualTo(T0.plus(Duration.ofMinutes(23)));
        assertThat(first.parameters()).containsEntry("date_from", "2026-03-01").containsEntry("rows", "5");
        assertThat(first.progressCurrent()).isEqualTo(2);
        assertThat(first.progressTotal()).isEqualTo(5);
        assertThat(first.progressStatus()).contains("2/5 satır");
        assertThat(first.duration(Instant.now())).contains(Duration.ofSeconds(4));
    }

    @Test
    void filters_by_user_type_state_period_and_dead_letter_combine(Database db) {
        UUID aPending = task(db, "barinma", "ayse", ReportState.PENDING, 1, false);
        UUID aDead = task(db, "manifest", "ayse", ReportState.FAILURE, 2, true);
        UUID bFailed = task(db, "manifest", "bora", ReportState.FAILURE, 3, false);
        UUID bDone = task(db, "barinma", "bora", ReportState.SUCCESS, 30, false);
        ReportDesk desk = new ReportDesk(db.dsl());

        assertThat(ids(desk, DeskFilter.ALL.withRequestedBy("ayse"))).containsExactly(aDead, aPending);
        assertThat(ids(desk, DeskFilter.ALL.withType("manifest"))).containsExactly(bFailed, aDead);
        assertThat(ids(desk, DeskFilter.ALL.withState(ReportState.FAILURE))).containsExactly(bFailed, aDead);
        assertThat(ids(desk, DeskFilter.ALL.deadLettered())).containsExactly(aDead);
        assertThat(ids(
                        desk,
                        DeskFilter.ALL.withPeriod(T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(30)))))
                .as("from inclusive, until exclusive")
                .containsExactly(bFailed, aDead);
        assertThat(ids(desk, DeskFilter.ALL.withType("barinma").withRequestedBy("bora")))
                .containsExactly(bDone);
        assertThat(ids(desk, DeskFilter.ALL.withRequestedBy("nobody"))).isEmpty();

        DeskTask dead = desk.byIds(List.of(aDead)).getFirst();
        assertThat(dead.deadLettered()).isTrue();
        assertThat(dead.requeueable()).isTrue();
        assertThat(dead.cancellable()).isFalse();
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(dead.error()).contains("boom 2");
        assertThat(desk.requesters()).containsExactly("ayse", "bora");
    }

    @Test
    void reads_tasks_again_by_id_and_a_tasks_attempts_in_order(Database db) {
        UUID one = task(db, "barinma", "ayse", ReportState.FAILURE, 1, true);
        UUID two = task(db, "barinma", "ayse", ReportState.PENDING, 2, false);
        for (int a = 1; a <= 2; a++) {
            db.dsl().execute("""
                            INSERT INTO report_task_attempts (task_id, fencing_token, attempt, worker_id, started_at,
                                finished_at, outcome, error)
                            VALUES (?, ?, ?, 'node-a-0', now(), now(), ?, ?)""", one, (long) a, a, a == 1 ? "RETRY" : "FAILURE", "connection reset " + a);
        }
        ReportDesk desk = new ReportDesk(db.dsl());

        assertThat(desk.byIds(List.of(one, two, UUID.randomUUID())))
                .extracting(DeskTask::id)
                .containsExactly(two, one);
        assertThat(desk.byIds(List.of())).isEmpty();
        List<AttemptRow> attempts = desk.attempts(one);
        assertThat(attempts).extracting(AttemptRow::attempt).containsExactly(1, 2);
        assertThat(attempts).extracting(a -> a.outcome().orElseThrow()).containsExactly("RETRY", "FAILURE");
        assertThat(attempts.getLast().error()).contains("connection reset 2");
        assertThat(attempts.getFirst().workerId()).contains("node-a-0");
        assertThat(desk.attempts(two)).isEmpty();
    }

    @Test
    void refuses_a_half_keyset_and_a_page_size_out_of_range(Database db) {
        ReportDesk desk = new ReportDesk(db.dsl());
        assertThatThrownBy(() -> desk.page(DeskFilter.ALL, Optional.of(T0), Optional.empty(), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> desk.page(DeskFilter.ALL, Optional.empty(), Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<UUID> ids(ReportDesk desk, DeskFilter f) {
        return desk.page(f, Optional.empty(), Optional.empty(), 100).stream()
                .map(DeskTask::id)
                .toList();
    }
}
