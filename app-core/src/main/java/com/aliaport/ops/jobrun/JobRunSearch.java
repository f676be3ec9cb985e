package com.aliaport.ops.jobrun;

import static com.aliaport.ops.db.generated.Tables.JOB_RUNS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The run history as the console reads it: pages by id (keyset, newest first) under a filter, so the hundredth
 * page costs what the first does; counts exact while small, the planner's estimate beyond.
 */
public final class JobRunSearch {
    /** Up to this many matching rows are counted exactly; beyond, the planner's estimate is shown. */
    public static final int EXACT_COUNT_LIMIT = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public JobRunSearch(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A page of runs, newest first. */
    public record Page(List<Listed> runs, boolean hasMore) {}

    /** A run with the moment its row was written (what date ranges filter on). */
    public record Listed(JobRun run, Instant createdAt) {}

    /** How many runs match: exact, or the planner's estimate when there are more than {@link #EXACT_COUNT_LIMIT}. */
    public record Count(long value, boolean exact) {}

    /** The page after the run {@code beforeId} (or the first page when empty). */
    public Page page(RunFilter filter, Optional<Long> beforeId, int size) {
        Condition where = condition(filter).and(beforeId.map(JOB_RUNS.ID::lt).orElse(DSL.noCondition()));
        List<Listed> rows = dsl.selectFrom(JOB_RUNS)
                .where(where)
                .orderBy(JOB_RUNS.ID.desc())
                .limit(size + 1)
                .fetch(r -> new Listed(JobRunRepository.toRun(r), r.getCreatedAt()));
        boolean more = rows.size() > size;
        return new Page(more ? rows.subList(0, size) : rows, more);
    }

    /** The runs with these ids (for live updates), in no particular order. */
    public List<Listed> byIds(Collection<Long> ids) {
        return dsl.selectFrom(JOB_RUNS)
                .where(JOB_RUNS.ID.in(ids))
                .fetch(r -> new Listed(JobRunRepository.toRun(r), r.getCreatedAt()));
    }

    public Count count(RunFilter filter) {
        Condition where = condition(filter);
        int bounded = dsl.fetchCount(dsl.selectOne().from(JOB_RUNS).where(where).limit(EXACT_COUNT_LIMIT + 1));
        if (bounded <= EXACT_COUNT_LIMIT) {
            return new Count(bounded, true);
        }
        return new Count(Math.max(estimate(where), bounded), false);
    }

    private long estimate(Condition where) {
        String plan = dsl.fetchValue(
                        "EXPLAIN (FORMAT JSON) {0}",
                        dsl.selectOne().from(JOB_RUNS).where(where))
                .toString();
        try {
            JsonNode root = JSON.readTree(plan);
            return root.get(0).get("Plan").get("Plan Rows").asLong();
        } catch (Exception e) {
            throw new IllegalStateException("unreadable plan for the run count: " + e.getMessage(), e);
        }
    }

    /** Every matching run, newest first, read in pages (for the CSV export). */
    public void forEach(RunFilter filter, Consumer<Listed> each) {
        Optional<Long> before = Optional.empty();
        Page page;
        do {
            page = page(filter, before, 1_000);
            page.runs().forEach(each);
            if (!page.runs().isEmpty()) {
                before = Optional.of(page.runs().getLast().run().id());
            }
        } while (page.hasMore());
    }

    /** The job ids and node ids present in the history (a loose index scan: fast over millions of rows). */
    public List<String> distinctJobIds() {
        return distinct(JOB_RUNS.JOB_ID);
    }

    public List<String> distinctNodeIds() {
        return distinct(JOB_RUNS.NODE_ID);
    }

    private List<String> distinct(Field<String> column) {
        List<String> values = new ArrayList<>();
        Optional<String> next =
                Optional.ofNullable(dsl.select(DSL.min(column)).from(JOB_RUNS).fetchOne(0, String.class));
        while (next.isPresent() && values.size() < 1_000) {
            values.add(next.get());
            next = Optional.ofNullable(dsl.select(DSL.min(column))
                    .from(JOB_RUNS)
                    .where(column.gt(next.get()))
                    .fetchOne(0, String.class));
        }
        return values;
    }

    private Condition condition(RunFilter f) {
        Condition c = DSL.noCondition();
        if (f.jobId().isPresent()) {
            c = c.and(JOB_RUNS.JOB_ID.eq(f.jobId().get()));
        }
        if (f.status().isPresent()) {
            c = c.and(JOB_RUNS.STATUS.eq(f.status().get().name()));
        }
        if (f.triggerKind().isPresent()) {
            c = c.and(JOB_RUNS.TRIGGER_KIND.eq(f.triggerKind().get().name()));
        }
        if (f.nodeId().isPresent()) {
            c = c.and(JOB_RUNS.NODE_ID.eq(f.nodeId().get()));
        }
        // A date range becomes an id range (ids grow with created_at), which the id-ordered scans use directly.
        if (f.from().isPresent()) {
            Long first = dsl.select(JOB_RUNS.ID)
                    .from(JOB_RUNS)
                    .where(JOB_RUNS.CREATED_AT.ge(f.from().get()))
                    .orderBy(JOB_RUNS.CREATED_AT)
                    .limit(1)
                    .fetchOne(JOB_RUNS.ID);
            c = c.and(first == null ? DSL.falseCondition() : JOB_RUNS.ID.ge(first))
                    .and(JOB_RUNS.CREATED_AT.ge(f.from().get()));
        }
        if (f.until().isPresent()) {
            Long last = dsl.select(JOB_RUNS.ID)
                    .from(JOB_RUNS)
                    .where(JOB_RUNS.CREATED_AT.lt(f.until().get()))
                    .orderBy(JOB_RUNS.CREATED_AT.desc())
                    .limit(1)
                    .fetchOne(JOB_RUNS.ID);
            c = c.and(last == null ? DSL.falseCondition() : JOB_RUNS.ID.le(last))
                    .and(JOB_RUNS.CREATED_AT.lt(f.until().get()));
        }
        return c;
    }
}
