package com.aliaport.ops.reportqueue.db;

import com.aliaport.ops.db.FixedSql;
import org.jooq.DSLContext;

/** Test data: a queue's table of some size, analysed, as a running queue's (on a nearly empty one any plan is cheap). */
public final class FinishedTasks {
    private FinishedTasks() {}

    /** 5,000 finished tasks, one a second back from now, of {@code requesters} requesters named {@code prefix}0, 1, … */
    public static void seed(DSLContext dsl, String prefix, int requesters) {
        insert(dsl, prefix, requesters, 5_000);
        new FixedSql(dsl).update("ANALYZE report_tasks");
    }

    /** {@code count} finished tasks as {@link #seed}'s, not analysed. */
    public static void insert(DSLContext dsl, String prefix, int requesters, int count) {
        new FixedSql(dsl).update("""
                INSERT INTO report_tasks (id, task_type, requested_by, state, created_at, finished_at)
                SELECT gen_random_uuid(), 'no-file', ? || (g % ?), 'SUCCESS', now() - g * interval '1 s', now()
                FROM generate_series(1, ?) g""", prefix, requesters, count);
    }
}
