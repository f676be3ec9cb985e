package com.aliaport.ops.reportqueue;

import static com.aliaport.ops.db.generated.Tables.REPORT_TASKS;
import static com.aliaport.ops.db.generated.Tables.REPORT_TASK_ATTEMPTS;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.generated.tables.records.ReportTasksRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record1;
import org.jooq.impl.DSL;

/**
 * The report desk's reads (console, CLI {@code reports list}): every user's tasks, newest first, by keyset on
 * {@code (created_at, id)} so a later page costs what the first does (index {@code report_tasks_desk_idx},
 * migration V61); tasks again by id (after a {@code report_progress} notification); a task's attempts; the
 * requesters for the filter. Reads only: a viewer's login may run all of it. Cancel and requeue go through the
 * command channel ({@code CANCEL_REPORT}, {@code REQUEUE_REPORT}).
 */
public final class ReportDesk {
    /** The largest page {@link #page} returns. */
    public static final int MAX_PAGE = 1_000;

    private final DSLContext dsl;

    public ReportDesk(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One page of the tasks matching {@code f}, newest first. The first page has empty {@code before…}; the next
     * passes the last row's {@code createdAt} and {@code id} (both, or neither).
     */
    public List<DeskTask> page(DeskFilter f, Optional<Instant> beforeCreatedAt, Optional<UUID> beforeId, int size) {
        if (beforeCreatedAt.isPresent() != beforeId.isPresent()) {
            throw new IllegalArgumentException("a keyset needs both the last row's created_at and id, or neither");
        }
        if (size < 1 || size > MAX_PAGE) {
            throw new IllegalArgumentException("page size " + size + " is not in 1.." + MAX_PAGE);
        }
        List<Condition> where = new ArrayList<>();
        f.requestedBy().ifPresent(u -> where.add(REPORT_TASKS.REQUESTED_BY.eq(u)));
        f.type().ifPresent(t -> where.add(REPORT_TASKS.TASK_TYPE.eq(t)));
        f.state().ifPresent(s -> where.add(REPORT_TASKS.STATE.eq(s.name())));
        f.from().ifPresent(t -> where.add(REPORT_TASKS.CREATED_AT.ge(t)));
        f.until().ifPresent(t -> where.add(REPORT_TASKS.CREATED_AT.lt(t)));
        if (f.deadLetteredOnly()) {
            where.add(REPORT_TASKS.DEAD_LETTERED.isTrue());
        }
        if (beforeCreatedAt.isPresent()) {
            where.add(DSL.row(REPORT_TASKS.CREATED_AT, REPORT_TASKS.ID)
                    .lt(beforeCreatedAt.get(), beforeId.orElseThrow()));
        }
        return dsl.selectFrom(REPORT_TASKS)
                .where(where)
                .orderBy(REPORT_TASKS.CREATED_AT.desc(), REPORT_TASKS.ID.desc())
                .limit(size)
                .fetch(ReportDesk::toDeskTask);
    }

    /** These tasks as they stand now, newest first; ids that do not exist are left out. */
    public List<DeskTask> byIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return dsl.selectFrom(REPORT_TASKS)
                .where(REPORT_TASKS.ID.in(ids))
                .orderBy(REPORT_TASKS.CREATED_AT.desc(), REPORT_TASKS.ID.desc())
                .fetch(ReportDesk::toDeskTask);
    }

    /** The task's attempts in order (the dead-letter view shows the last error of each). */
    public List<AttemptRow> attempts(UUID id) {
        return dsl.selectFrom(REPORT_TASK_ATTEMPTS)
                .where(REPORT_TASK_ATTEMPTS.TASK_ID.eq(id))
                .orderBy(REPORT_TASK_ATTEMPTS.FENCING_TOKEN)
                .fetch(r -> new AttemptRow(
                        r.getAttempt(),
                        Optional.ofNullable(r.getWorkerId()),
                        r.getStartedAt(),
                        Optional.ofNullable(r.getFinishedAt()),
                        Optional.ofNullable(r.getOutcome()),
                        Optional.ofNullable(r.getError())));
    }

    /**
     * Everyone who ever requested a report, sorted, for the desk's user filter. A skip scan over
     * {@code report_tasks_requester_idx} (one index probe per requester, a recursive query), where
     * {@code SELECT DISTINCT} would read every row of a table that holds a million tasks.
     */
    public List<String> requesters() {
        Field<String> previous = DSL.field(DSL.name("requesters", "requested_by"), String.class);
        CommonTableExpression<Record1<String>> requesters = DSL.name("requesters")
                .fields("requested_by")
                .as(DSL.select(DSL.min(REPORT_TASKS.REQUESTED_BY))
                        .from(REPORT_TASKS)
                        .unionAll(DSL.select(DSL.field(DSL.select(DSL.min(REPORT_TASKS.REQUESTED_BY))
                                        .from(REPORT_TASKS)
                                        .where(REPORT_TASKS.REQUESTED_BY.gt(previous))))
                                .from(DSL.table(DSL.name("requesters")))
                                .where(previous.isNotNull())));
        return dsl.withRecursive(requesters)
                .select(previous)
                .from(requesters)
                .where(previous.isNotNull())
                .fetch(previous);
    }

    static DeskTask toDeskTask(ReportTasksRecord r) {
        return new DeskTask(
                r.getId(),
                r.getTaskType(),
                r.getRequestedBy(),
                parameters(r.getParameters()),
                ReportState.valueOf(r.getState()),
                r.getProgressCurrent(),
                r.getProgressTotal(),
                Optional.ofNullable(r.getProgressStatus()),
                r.getAttempts(),
                r.getMaxAttempts(),
                r.getDeadLettered(),
                r.getCancelRequested(),
                Optional.ofNullable(r.getSizeBytes()),
                Optional.ofNullable(r.getError()),
                r.getCreatedAt(),
                Optional.ofNullable(r.getStartedAt()),
                Optional.ofNullable(r.getFinishedAt()),
                Optional.ofNullable(r.getStorageKey()));
    }

    private static Map<String, String> parameters(JSONB json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json != null) {
            Json.read(json.data(), Map.class).forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), String.valueOf(v));
                }
            });
        }
        return out;
    }
}
