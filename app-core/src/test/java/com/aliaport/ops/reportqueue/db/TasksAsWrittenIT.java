package com.aliaport.ops.reportqueue.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tasks the submissions' statements answer with, built from what they bound ({@link TasksAsWritten}), are the
 * rows PostgreSQL stored, column for column, as {@link ReportTaskRows#toTask} reads them back.
 */
@ExtendWith(PostgresExtension.class)
class TasksAsWrittenIT {
    private static final Instant CREATED = Instant.parse("2026-12-05T08:00:00.123456Z");
    // Nanoseconds where the clock may give them: timestamptz keeps microseconds.
    private static final Instant CLAIMED = Instant.parse("2026-12-05T08:00:00.200000789Z");
    private static final Instant LEASE = Instant.parse("2026-12-05T08:00:30.200000789Z");
    private static final Instant ENDED = Instant.parse("2026-12-05T08:00:00.300000999Z");

    private static ReportTaskAdmissions.NewTask newTask(String requester, Optional<String> key) {
        return new ReportTaskAdmissions.NewTask(
                UUID.randomUUID(),
                "barinma",
                "raporlar",
                Map.of("donem", "2026-11", "liman", "Aliağa"),
                requester,
                3,
                key,
                key.map(k -> "parmak-izi"),
                CREATED);
    }

    @Test
    void a_batch_answers_each_inserted_task_pending_or_claimed_as_stored(Database db) {
        ReportTaskRepository tasks = new ReportTaskRepository(db.dsl());
        var pending = newTask("ayse", Optional.of("anahtar-1"));
        var claimed = newTask("mehmet", Optional.empty());

        Map<UUID, ReportTaskAdmissions.Admission> answers = tasks.admissions()
                .admitAndInsert(
                        List.of(pending, claimed),
                        Map.of(claimed.id(), "node-1/slot-0"),
                        CLAIMED,
                        LEASE,
                        CREATED.minusSeconds(60),
                        10);

        for (var t : List.of(pending, claimed)) {
            ReportTask answered = ((ReportTaskAdmissions.Admission.Created) answers.get(t.id())).task();
            assertThat(answered).isEqualTo(tasks.find(t.id()).orElseThrow());
        }
        ReportTask started = tasks.find(claimed.id()).orElseThrow();
        assertThat(started.state()).isEqualTo(ReportState.STARTED);
        assertThat(started.leaseUntil()).contains(Instant.parse("2026-12-05T08:00:30.200000Z"));
        assertThat(tasks.find(pending.id()).orElseThrow().state()).isEqualTo(ReportState.PENDING);
    }

    private static HeldSubmission held(ReportTaskRepository tasks, Optional<String> key, String slot) {
        return tasks.admissions()
                .admitAndHold(newTask("ayse", key), slot, CLAIMED, LEASE, CREATED.minusSeconds(60), 10)
                .submission()
                .orElseThrow();
    }

    @Test
    void a_held_submission_answers_with_its_task_as_stored_claimed_and_as_ended(Database db) {
        ReportTaskRepository tasks = new ReportTaskRepository(db.dsl());
        HeldSubmission released = held(tasks, Optional.empty(), "node-1/slot-0");
        HeldSubmission succeeded = held(tasks, Optional.of("anahtar-2"), "node-1/slot-1");

        released.release();
        ReportTask ended = succeeded
                .succeed(new ReportTaskEnds.Success(succeeded.task().id(), 1, Optional.empty()), ENDED)
                .orElseThrow();

        assertThat(released.committed().join())
                .isEqualTo(tasks.find(released.task().id()).orElseThrow());
        assertThat(released.task()).isEqualTo(released.committed().join());
        assertThat(ended).isEqualTo(tasks.find(ended.id()).orElseThrow());
        assertThat(ended.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(ended.finishedAt()).contains(Instant.parse("2026-12-05T08:00:00.300000Z"));
    }
}
