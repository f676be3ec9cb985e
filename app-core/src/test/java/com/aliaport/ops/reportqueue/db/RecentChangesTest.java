package com.aliaport.ops.reportqueue.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.reportqueue.ReportErrorCode;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentChangesTest {
    private final RecentChanges changes = new RecentChanges(4);
    private final UUID mine = UUID.randomUUID();
    private final UUID other = UUID.randomUUID();

    private static ReportTask ended(UUID id) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return new ReportTask(
                id,
                "noop",
                "reports",
                Map.of(),
                "u1",
                ReportState.SUCCESS,
                new ReportTask.Progress(0, 0, Optional.of("Rapor hazır")),
                1,
                3,
                Optional.of("node-a-1"),
                1,
                Optional.empty(),
                Optional.empty(),
                false,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                at,
                Optional.of(at),
                Optional.of(at),
                Optional.empty(),
                Optional.empty(),
                Optional.<ReportErrorCode>empty());
    }

    @Test
    void claims_and_progress_of_the_task_and_ends_of_others_are_no_end_of_it() {
        long since = changes.position();
        changes.add(mine, false);
        changes.add(other, true);
        changes.add(mine, false);

        assertThat(changes.position()).isEqualTo(since + 3);
        assertThat(changes.mayHaveEndedSince(mine, since)).isFalse();
        assertThat(changes.mayHaveEndedSince(other, since)).isTrue();
        assertThat(changes.mayHaveEndedSince(other, since + 2)).isFalse();
    }

    @Test
    void an_end_told_with_its_row_is_found_with_that_row_and_one_told_by_id_only_is_not() {
        long since = changes.position();
        ReportTask row = ended(mine);
        changes.addEnd(row);
        changes.add(other, true);

        assertThat(changes.mayHaveEndedSince(mine, since)).isTrue();
        assertThat(changes.endSince(mine, since)).contains(row);
        assertThat(changes.endSince(mine, since + 1)).isEmpty();
        assertThat(changes.endSince(other, since)).isEmpty();
    }

    @Test
    void more_changes_than_the_ring_holds_since_the_position_answer_maybe() {
        long since = changes.position();
        changes.addEnd(ended(mine));
        for (int i = 0; i < 4; i++) {
            changes.add(other, false);
        }

        assertThat(changes.mayHaveEndedSince(mine, since))
                .as("overwritten: unknown")
                .isTrue();
        assertThat(changes.mayHaveEndedSince(UUID.randomUUID(), since)).isTrue();
        assertThat(changes.endSince(mine, since)).as("its row overwritten").isEmpty();
    }

    @Test
    void a_change_not_read_is_a_possible_end_of_any_task_with_no_row() {
        long since = changes.position();
        changes.add(other, false);
        changes.addUnknown();

        assertThat(changes.mayHaveEndedSince(mine, since)).isTrue();
        assertThat(changes.mayHaveEndedSince(mine, since + 2)).isFalse();
        assertThat(changes.endSince(mine, since)).isEmpty();
    }
}
