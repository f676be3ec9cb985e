package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.db.PgReportEvents;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The waiters of the process that writes a task's changes, on the real PostgreSQL: told of every change at once,
 * and of a SUCCESS with the row the statement wrote, the same as a read would give.
 */
@ExtendWith(PostgresExtension.class)
class PgReportEventsIT {

    @Test
    void a_success_written_here_reaches_this_process_waiters_with_its_row_and_other_changes_without(Database db) {
        PgReportEvents events = new PgReportEvents(db.dataSource());
        ReportTaskRepository tasks = new ReportTaskRepository(db.dsl(), events.localChanges());
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        tasks.admitAndInsert(
                List.of(new ReportTaskRepository.NewTask(
                        id,
                        "noop",
                        ReportQueueSettings.REPORTS,
                        Map.of("k", "v"),
                        "u1",
                        4,
                        Optional.empty(),
                        "h",
                        now)),
                Map.of(id, "node-a-1"),
                now,
                now.plus(Duration.ofSeconds(30)),
                now.minusSeconds(60),
                100);
        List<Optional<ReportTask>> rows = new CopyOnWriteArrayList<>();
        List<String> plain = new CopyOnWriteArrayList<>();
        events.subscribeToRows(id, rows::add);
        events.subscribe(id, () -> plain.add("woken"));

        assertThat(tasks.progress(id, 1, 1, 2, "1/2 satır", now)).isTrue();
        assertThat(tasks.succeedAll(List.of(new ReportTaskRepository.Success(id, 1, Optional.empty())), now))
                .containsExactly(id);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).as("progress: changed, to be read").isEmpty();
        ReportTask told = rows.get(1).orElseThrow();
        assertThat(told.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(told.finishedAt()).contains(now);
        assertThat(told)
                .as("the row as a read gives it")
                .isEqualTo(tasks.find(id).orElseThrow());
        assertThat(plain).as("a subscriber without rows is woken by both").hasSize(2);
    }
}
