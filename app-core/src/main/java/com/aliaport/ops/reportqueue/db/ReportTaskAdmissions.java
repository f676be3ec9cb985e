package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.FixedSql;
import com.aliaport.ops.db.OpenTransaction;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportTask;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * The submissions' statement on {@code report_tasks}: a batch of them rate-limited and inserted in one round trip
 * and one commit, those handed to a waiting slot of this node inserted already claimed. What follows a submission
 * is {@link ReportTaskRepository}.
 */
public final class ReportTaskAdmissions {
    private final DSLContext dsl;
    private final FixedSql sql;
    private final ReportChanges changes;

    ReportTaskAdmissions(DSLContext dsl, ReportChanges changes) {
        this.dsl = dsl;
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
    // (ReportTaskRepository).
    private static final String ADMIT_AND_INSERT = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[],
                                     ?::text[], ?::timestamptz[], ?::text[]) WITH ORDINALITY
                     AS t(id, task_type, queue, parameters, requested_by, max_attempts, idempotency_key,
                          request_hash, created_at, claimed_by, n)
                LIMIT ?),
            recent AS (
                SELECT u.requested_by, r.count, r.oldest
                FROM (SELECT DISTINCT requested_by FROM input) u
                CROSS JOIN LATERAL (
                    SELECT count(*) AS count, min(created_at) AS oldest
                    FROM (SELECT created_at FROM report_tasks t
                          WHERE t.requested_by = u.requested_by AND t.created_at > ?
                          ORDER BY t.created_at DESC LIMIT ?) in_window) r),
            admission AS (
                SELECT i.*, r.oldest AS rate_oldest,
                       r.count + row_number() OVER (PARTITION BY i.requested_by ORDER BY i.n) - 1 < ? AS admitted
                FROM input i JOIN recent r USING (requested_by)),
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
                RETURNING *),
            attempt AS (
                INSERT INTO report_task_attempts (task_id, fencing_token, attempt, worker_id, started_at)
                SELECT id, fencing_token, attempts, worker_id, started_at FROM inserted WHERE worker_id IS NOT NULL)
            SELECT a.id AS submitted_id, a.admitted, a.rate_oldest, inserted.*
            FROM admission a LEFT JOIN inserted ON inserted.id = a.id""";

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
        return admit(sql::query, true, batch, claims, claimedAt, leaseUntil, windowStart, ratePerWindow);
    }

    /** A submission admitted in a transaction left open, or refused (nothing held then). */
    public record Held(Admission admission, Optional<HeldSubmission> submission) {}

    /**
     * As {@link #admitAndInsert(List, Map, Instant, Instant, Instant, int)} for one submission claimed for
     * {@code workerId}, its transaction left open once it is inserted: a {@link HeldSubmission}, which commits it.
     * A refused one holds nothing.
     */
    public Held admitAndHold(
            NewTask task,
            String workerId,
            Instant claimedAt,
            Instant leaseUntil,
            Instant windowStart,
            int ratePerWindow) {
        OpenTransaction transaction = OpenTransaction.begin(dsl);
        try {
            Admission a = admit(
                            transaction::query,
                            false,
                            List.of(task),
                            Map.of(task.id(), workerId),
                            claimedAt,
                            leaseUntil,
                            windowStart,
                            ratePerWindow)
                    .get(task.id());
            if (a instanceof Admission.Created c) {
                return new Held(a, Optional.of(new HeldSubmission(transaction, c.task(), changes)));
            }
            transaction.close();
            return new Held(a, Optional.empty());
        } catch (RuntimeException e) {
            transaction.close();
            throw e;
        }
    }

    /** Runs the admission's statement, on its own or in a transaction held open. */
    @FunctionalInterface
    private interface Statement {
        void run(String sql, FixedSql.Row<Object> row, Object... params);
    }

    /** The admission of {@code batch}; {@code announce}: tell the changes of what was inserted (committed). */
    private Map<UUID, Admission> admit(
            Statement statement,
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
        Map<UUID, Admission> out = new LinkedHashMap<>();
        Map<UUID, Map<String, String>> known = new HashMap<>();
        batch.forEach(t -> known.put(t.id(), t.parameters()));
        statement.run(
                ADMIT_AND_INSERT,
                rs -> {
                    UUID id = rs.getObject("submitted_id", UUID.class);
                    Admission a;
                    if (!rs.getBoolean("admitted")) {
                        a = new Admission.RateLimited(Optional.ofNullable(FixedSql.instant(rs, "rate_oldest")));
                    } else if (rs.getObject("id") != null) {
                        a = new Admission.Created(ReportTaskRows.toTask(rs, known.get(id)));
                        if (announce) {
                            changes.changed(id);
                        }
                    } else {
                        a = new Admission.KeyTaken();
                    }
                    return out.put(id, a);
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
                windowStart,
                ratePerWindow,
                ratePerWindow,
                leaseUntil,
                claimedAt);
        return out;
    }
}
