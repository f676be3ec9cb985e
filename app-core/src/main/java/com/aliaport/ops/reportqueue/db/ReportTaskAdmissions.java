package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.FixedSql;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportTask;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * The submissions' statement on {@code report_tasks}: a batch of them rate-limited and inserted in one round trip
 * and one commit, those handed to a waiting slot of this node inserted already claimed. What follows a submission
 * is {@link ReportTaskRepository}.
 */
public final class ReportTaskAdmissions {
    private final FixedSql sql;
    private final ReportChanges changes;

    ReportTaskAdmissions(DSLContext dsl, ReportChanges changes) {
        this.sql = new FixedSql(dsl);
        this.changes = changes;
    }

    /** A submission to insert; {@code requestHash} is the request's fingerprint, kept for a keyed one only. */
    public record NewTask(
            UUID id,
            String type,
            String queue,
            Map<String, String> parameters,
            String requestedBy,
            int maxAttempts,
            Optional<String> idempotencyKey,
            Optional<String> requestHash,
            Instant createdAt) {}

    /**
     * One statement for a whole batch of submissions (group commit), rows coming in as arrays, one per column: the
     * per-user rate limit (each requester's submissions in the window, counted over the requester index, plus
     * those ahead of it in the batch), the insert of the admitted ones, and the answer for every row.
     */
    // "LIMIT ?" (the batch's size): so that PostgreSQL keeps one plan, as for the claim and the result
    // (ReportTaskRepository). That one plan is made without the batch's size, unnest counted as a few rows: so no
    // join of the batch with itself or with what it inserted, which it makes a nested loop, every row against every
    // row (issue 17, session 42; figures in docs/benchmarks.md). The rate is read for each row, and the answer is the
    // inserted ids and the refused rows, matched to the batch in memory.
    static final String ADMIT_AND_INSERT = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[],
                                     ?::text[], ?::timestamptz[], ?::text[]) WITH ORDINALITY
                     AS t(id, task_type, queue, parameters, requested_by, max_attempts, idempotency_key,
                          request_hash, created_at, claimed_by, n)
                LIMIT ?),
            admission AS (
                SELECT i.*, r.oldest AS rate_oldest,
                       r.count + row_number() OVER (PARTITION BY i.requested_by ORDER BY i.n) - 1 < ? AS admitted
                FROM input i
                CROSS JOIN LATERAL (
                    SELECT count(*) AS count, min(created_at) AS oldest
                    FROM (SELECT created_at FROM report_tasks t
                          WHERE t.requested_by = i.requested_by AND t.created_at > ?
                          ORDER BY t.created_at DESC LIMIT ?) in_window) r),
            inserted AS (
                INSERT INTO report_tasks (id, task_type, queue, parameters, requested_by, state, max_attempts,
                                          idempotency_key, request_hash, created_at, updated_at,
                                          attempts, fencing_token, worker_id, lease_until, started_at,
                                          progress_current, progress_status)
                SELECT id, task_type, queue, parameters::jsonb, requested_by,
                       CASE WHEN claimed_by IS NULL THEN 'PENDING' ELSE 'STARTED' END, max_attempts,
                       idempotency_key, request_hash, created_at, created_at,
                       CASE WHEN claimed_by IS NULL THEN 0 ELSE 1 END, CASE WHEN claimed_by IS NULL THEN 0 ELSE 1 END,
                       claimed_by, CASE WHEN claimed_by IS NOT NULL THEN ?::timestamptz END,
                       CASE WHEN claimed_by IS NOT NULL THEN ?::timestamptz END,
                       0, CASE WHEN claimed_by IS NOT NULL THEN 'Başladı' END
                FROM admission WHERE admitted
                ON CONFLICT DO NOTHING
                RETURNING id, fencing_token, attempts, worker_id, started_at),
            attempt AS (
                INSERT INTO report_task_attempts (task_id, fencing_token, attempt, worker_id, started_at)
                SELECT id, fencing_token, attempts, worker_id, started_at FROM inserted WHERE worker_id IS NOT NULL)
            SELECT id AS submitted_id, true AS inserted, NULL::timestamptz AS rate_oldest FROM inserted
            UNION ALL
            SELECT id, false, rate_oldest FROM admission WHERE NOT admitted""";

    /** What became of one submission of a batch. */
    public sealed interface Admission {
        /** Inserted: the new task. */
        record Created(ReportTask task) implements Admission {}

        /** Over the requester's rate: the oldest of their submissions in the window, when it frees a place. */
        record RateLimited(Optional<Instant> oldestInWindow) implements Admission {}

        /** Not inserted: the requester used its idempotency key already (earlier, or earlier in this batch). */
        record KeyTaken() implements Admission {}
    }

    /**
     * Admits and inserts {@code batch} in one statement and one commit: a requester may have at most
     * {@code ratePerWindow} submissions created after {@code windowStart}. The answer for every submission, by id.
     */
    public Map<UUID, Admission> admitAndInsert(List<NewTask> batch, Instant windowStart, int ratePerWindow) {
        return admitAndInsert(batch, Map.of(), Instant.EPOCH, Instant.EPOCH, windowStart, ratePerWindow);
    }

    /**
     * As {@link #admitAndInsert(List, Instant, int)}, with the tasks named in {@code claims} inserted claimed for
     * the worker given there (a slot of this node waiting for work): STARTED at {@code claimedAt}, first attempt
     * and fencing token, lease until {@code leaseUntil}, the attempt row written in the same statement, as
     * {@link ReportTaskRepository#claim} writes them.
     */
    public Map<UUID, Admission> admitAndInsert(
            List<NewTask> batch,
            Map<UUID, String> claims,
            Instant claimedAt,
            Instant leaseUntil,
            Instant windowStart,
            int ratePerWindow) {
        return admit(true, batch, claims, claimedAt, leaseUntil, windowStart, ratePerWindow);
    }

    /** A submission admitted and held back for a slot of this node, or refused (nothing held then). */
    public record Held(Admission admission, Optional<HeldSubmission> submission) {}

    /** A lone submission admitted for {@code workerId}: what its insert, claimed or ended, writes. */
    record Claim(
            NewTask task,
            String workerId,
            Instant claimedAt,
            Instant leaseUntil,
            Instant windowStart,
            int ratePerWindow) {}

    /** A lone requester's submissions in the rate window (at most as many as the limit): a read, no lock. */
    private static final String RATE_OF_ONE = """
            SELECT count(*) AS count, min(created_at) AS oldest
            FROM (SELECT created_at FROM report_tasks
                  WHERE requested_by = ? AND created_at > ?
                  ORDER BY created_at DESC LIMIT ?) in_window""";

    /**
     * A held submission whose report ended with a plain SUCCESS, inserted as it ended: the task row written once
     * (only the indexes of a finished task), its attempt closed. Nothing when its idempotency key was used meanwhile.
     * The columns as {@link #ADMIT_AND_INSERT} claimed and {@code ReportTaskRepository}'s SUCCESS would leave them.
     */
    private static final String INSERT_SUCCEEDED = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[],
                                     ?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                     AS t(id, task_type, queue, parameters, requested_by, max_attempts, idempotency_key,
                          request_hash, created_at, worker_id, started_at, finished_at)
                LIMIT ?),
            inserted AS (
                INSERT INTO report_tasks (id, task_type, queue, parameters, requested_by, state, max_attempts,
                                          idempotency_key, request_hash, created_at, updated_at,
                                          attempts, fencing_token, worker_id, started_at, finished_at,
                                          progress_status)
                SELECT id, task_type, queue, parameters::jsonb, requested_by, 'SUCCESS', max_attempts,
                       idempotency_key, request_hash, created_at, finished_at,
                       1, 1, worker_id, started_at, finished_at, 'Rapor hazır'
                FROM input
                ON CONFLICT DO NOTHING
                RETURNING id, fencing_token, attempts, worker_id, started_at, finished_at),
            attempt AS (
                INSERT INTO report_task_attempts (task_id, fencing_token, attempt, worker_id, started_at, finished_at,
                                                  outcome)
                SELECT id, fencing_token, attempts, worker_id, started_at, finished_at, 'SUCCESS' FROM inserted)
            SELECT id FROM inserted""";

    /**
     * Admits one submission for {@code workerId} without writing it: the requester's rate read now, the task
     * inserted only when the slot's run ends or shows itself ({@link HeldSubmission}). A refused one holds nothing.
     * The rate is read, then the insert made, without a lock, as for a batch: concurrent submissions of one
     * requester can pass the limit by their number.
     */
    public Held admitAndHold(
            NewTask task,
            String workerId,
            Instant claimedAt,
            Instant leaseUntil,
            Instant windowStart,
            int ratePerWindow) {
        Admission.RateLimited full = sql.query(
                        RATE_OF_ONE,
                        rs -> rs.getLong("count") < ratePerWindow
                                ? null
                                : new Admission.RateLimited(Optional.ofNullable(FixedSql.instant(rs, "oldest"))),
                        task.requestedBy(),
                        windowStart,
                        ratePerWindow)
                .getFirst();
        if (full != null) {
            return new Held(full, Optional.empty());
        }
        Instant startedAt = TasksAsWritten.stored(claimedAt);
        Instant lease = TasksAsWritten.stored(leaseUntil);
        ReportTask claimed = TasksAsWritten.claimed(task, workerId, startedAt, lease);
        Claim claim = new Claim(task, workerId, startedAt, lease, windowStart, ratePerWindow);
        return new Held(new Admission.Created(claimed), Optional.of(new HeldSubmission(this, claim, claimed, changes)));
    }

    /** Inserts a held submission claimed by its slot, admitted again (synchronous commit); told by its holder. */
    Admission insertClaimed(Claim c) {
        return admit(
                        false,
                        List.of(c.task()),
                        Map.of(c.task().id(), c.workerId()),
                        c.claimedAt(),
                        c.leaseUntil(),
                        c.windowStart(),
                        c.ratePerWindow())
                .get(c.task().id());
    }

    /** Inserts a held submission as it ended with a SUCCESS at {@code at}; empty when its key was used meanwhile. */
    Optional<ReportTask> insertSucceeded(Claim c, Instant at) {
        NewTask t = c.task();
        Instant finishedAt = TasksAsWritten.stored(at);
        // In the form of the batch statements (arrays, bound as text): the same binding code as theirs, which the
        // JIT has compiled already; a lone uuid or null bound on its own took PgJDBC's bind through paths compiled
        // again among the quick trips (issue 17).
        return sql
                .query(
                        INSERT_SUCCEEDED,
                        rs -> TasksAsWritten.succeeded(t, c.workerId(), c.claimedAt(), finishedAt),
                        new UUID[] {t.id()},
                        new String[] {t.type()},
                        new String[] {t.queue()},
                        new String[] {Json.writeStrings(t.parameters())},
                        new String[] {t.requestedBy()},
                        new Integer[] {t.maxAttempts()},
                        new String[] {t.idempotencyKey().orElse(null)},
                        new String[] {t.requestHash().orElse(null)},
                        new Instant[] {t.createdAt()},
                        new String[] {c.workerId()},
                        new Instant[] {c.claimedAt()},
                        new Instant[] {finishedAt},
                        1)
                .stream()
                .findFirst();
    }

    /** The admission of {@code batch}; {@code announce}: tell the changes of what was inserted (committed). */
    private Map<UUID, Admission> admit(
            boolean announce,
            List<NewTask> batch,
            Map<UUID, String> claims,
            Instant claimedAt,
            Instant leaseUntil,
            Instant windowStart,
            int ratePerWindow) {
        if (batch.isEmpty()) {
            return Map.of();
        }
        Instant startedAt = TasksAsWritten.stored(claimedAt);
        Instant lease = TasksAsWritten.stored(leaseUntil);
        int n = batch.size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        String[] queues = new String[n];
        String[] parameters = new String[n];
        String[] requesters = new String[n];
        Integer[] maxAttempts = new Integer[n];
        String[] keys = new String[n];
        String[] hashes = new String[n];
        Instant[] created = new Instant[n];
        String[] claimedBy = new String[n];
        for (int i = 0; i < n; i++) {
            NewTask t = batch.get(i);
            ids[i] = t.id();
            types[i] = t.type();
            queues[i] = t.queue();
            parameters[i] = Json.writeStrings(t.parameters());
            requesters[i] = t.requestedBy();
            maxAttempts[i] = t.maxAttempts();
            keys[i] = t.idempotencyKey().orElse(null);
            hashes[i] = t.requestHash().orElse(null);
            created[i] = t.createdAt();
            claimedBy[i] = claims.get(t.id());
        }
        Set<UUID> inserted = new HashSet<>();
        Map<UUID, Optional<Instant>> refused = new HashMap<>();
        sql.query(
                ADMIT_AND_INSERT,
                rs -> {
                    UUID id = rs.getObject("submitted_id", UUID.class);
                    if (rs.getBoolean("inserted")) {
                        inserted.add(id);
                        if (announce) {
                            changes.changed(id);
                        }
                    } else {
                        refused.put(id, Optional.ofNullable(FixedSql.instant(rs, "rate_oldest")));
                    }
                    return null;
                },
                ids,
                types,
                queues,
                parameters,
                requesters,
                maxAttempts,
                keys,
                hashes,
                created,
                claimedBy,
                n,
                ratePerWindow,
                windowStart,
                ratePerWindow,
                lease,
                startedAt);
        // In the batch's order; neither inserted nor refused: its key was used (earlier, or earlier in this batch).
        Map<UUID, Admission> out = new LinkedHashMap<>();
        for (NewTask t : batch) {
            Admission a;
            if (inserted.contains(t.id())) {
                String worker = claims.get(t.id());
                a = new Admission.Created(
                        worker == null
                                ? TasksAsWritten.pending(t)
                                : TasksAsWritten.claimed(t, worker, startedAt, lease));
            } else if (refused.containsKey(t.id())) {
                a = new Admission.RateLimited(refused.get(t.id()));
            } else {
                a = new Admission.KeyTaken();
            }
            out.put(t.id(), a);
        }
        return out;
    }
}
