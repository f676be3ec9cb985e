package com.aliaport.ops.reportqueue.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.ReportErrorCode;
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

/** A task row read back ({@link ReportTaskRows#toTask}): every column in its own field, on the real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class ReportTaskRowsIT {
    private static final Instant T0 = Instant.parse("2026-12-04T08:00:00.123456Z");

    private static UUID insertEveryColumnSet(Database db) {
        UUID id = UUID.randomUUID();
        db.dsl()
                .execute(
                        """
                        INSERT INTO report_tasks (id, task_type, queue, parameters, requested_by, state,
                            progress_current, progress_total, progress_status, attempts, max_attempts, worker_id,
                            fencing_token, lease_until, not_before, dead_lettered, cancel_requested,
                            idempotency_key, storage_key, size_bytes, error, created_at, started_at, finished_at,
                            file_expires_at, file_deleted_at, error_code, request_hash)
                        VALUES (?::uuid, 'barinma', 'raporlar', '{"donem": "2026-11", "liman": "Aliağa"}', 'ayse',
                            'FAILURE', 7, 9, 'Satırlar yazılıyor', 2, 3, 'node-1/slot-0', 5, ?::timestamptz,
                            ?::timestamptz, true, true, 'anahtar-1', 'reports/x.xlsx', 12345, 'disk dolu',
                            ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz,
                            'TIMED_OUT', 'parmak-izi')""",
                        id.toString(),
                        T0.plusSeconds(1).toString(),
                        T0.plusSeconds(2).toString(),
                        T0.toString(),
                        T0.plusSeconds(3).toString(),
                        T0.plusSeconds(4).toString(),
                        T0.plusSeconds(5).toString(),
                        T0.plusSeconds(6).toString());
        return id;
    }

    @Test
    void every_column_of_a_fully_written_row_lands_in_its_own_field(Database db) {
        UUID id = insertEveryColumnSet(db);
        ReportTaskRepository tasks = new ReportTaskRepository(db.dsl());

        ReportTask t = tasks.find(id).orElseThrow();

        assertThat(t)
                .isEqualTo(new ReportTask(
                        id,
                        "barinma",
                        "raporlar",
                        Map.of("donem", "2026-11", "liman", "Aliağa"),
                        "ayse",
                        ReportState.FAILURE,
                        new ReportTask.Progress(7, 9, Optional.of("Satırlar yazılıyor")),
                        2,
                        3,
                        Optional.of("node-1/slot-0"),
                        5,
                        Optional.of(T0.plusSeconds(1)),
                        Optional.of(T0.plusSeconds(2)),
                        true,
                        true,
                        Optional.of("anahtar-1"),
                        Optional.of("reports/x.xlsx"),
                        Optional.of(12345L),
                        Optional.of("disk dolu"),
                        T0,
                        Optional.of(T0.plusSeconds(3)),
                        Optional.of(T0.plusSeconds(4)),
                        Optional.of(T0.plusSeconds(5)),
                        Optional.of(T0.plusSeconds(6)),
                        Optional.of(ReportErrorCode.TIMED_OUT)));
        // A column the task does not hold, read beside it: the request fingerprint.
        assertThat(tasks.findByIdempotencyKey("ayse", "anahtar-1").orElseThrow().requestHash())
                .isEqualTo("parmak-izi");
        assertThat(tasks.deadLettered(10)).containsExactly(t);
    }

    @Test
    void a_row_with_its_optional_columns_empty_reads_them_as_empty(Database db) {
        UUID id = db.dsl()
                .fetchSingle("INSERT INTO report_tasks (id, task_type, requested_by, state) VALUES"
                        + " (gen_random_uuid(), 'no-file', 'u', 'PENDING') RETURNING id")
                .get(0, UUID.class);

        ReportTask t = new ReportTaskRepository(db.dsl()).find(id).orElseThrow();

        assertThat(List.of(
                        t.progress().status(),
                        t.workerId(),
                        t.leaseUntil(),
                        t.notBefore(),
                        t.idempotencyKey(),
                        t.storageKey(),
                        t.sizeBytes(),
                        t.error(),
                        t.startedAt(),
                        t.finishedAt(),
                        t.fileExpiresAt(),
                        t.fileDeletedAt(),
                        t.errorCode()))
                .allMatch(Optional::isEmpty);
        assertThat(t.parameters()).isEmpty();
        assertThat(t.state()).isEqualTo(ReportState.PENDING);
    }
}
