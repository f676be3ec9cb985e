package com.aliaport.ops.console.archive;

import static com.aliaport.ops.console.quartz.QuartzTables.*;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.aliaport.ops.console.archive.ArchiveStatus.Partition;
import com.aliaport.ops.console.archive.ArchiveStatus.TableSize;
import com.aliaport.ops.jobrun.JobRunSearch;
import com.aliaport.ops.jobrun.RunFilter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Reads the archive's state from PostgreSQL's catalog (sizes and planner row counts: no count over millions of
 * rows), the run history of the archive job, and Quartz's next fire time (read only).
 */
public final class ArchiveService {
    public static final String JOB = "audit_archive_daily";
    private static final String LIVE = "audit_events";
    private static final String ARCHIVE = "audit_events_archive";

    private final DSLContext dsl;
    private final JobRunSearch runs;

    public ArchiveService(DSLContext dsl) {
        this.dsl = dsl;
        this.runs = new JobRunSearch(dsl);
    }

    public ArchiveStatus read() {
        Instant oldest = Optional.ofNullable(dsl.resultQuery("SELECT min(created_at) FROM audit_events")
                        .fetchOne(0, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant)
                .orElse(null);
        Long next = dsl.select(NEXT_FIRE)
                .from(TRIGGERS)
                .where(JOB_NAME.eq(JOB).and(TRIGGER_GROUP.eq(SCHEDULE_GROUP)))
                .fetchOne(0, Long.class);
        return new ArchiveStatus(
                size(LIVE),
                size(ARCHIVE),
                Optional.ofNullable(oldest),
                runs.page(RunFilter.ALL.withJob(Optional.of(JOB)), Optional.empty(), 10).runs().stream()
                        .map(JobRunSearch.Listed::run)
                        .toList(),
                Optional.ofNullable(next).filter(n -> n > 0).map(Instant::ofEpochMilli),
                partitions());
    }

    /** Below this size a table is counted exactly; above, the planner's count (no scan of millions of rows). */
    private static final long EXACT_BELOW_BYTES = 64L << 20;

    /** A table and its partitions together (a partitioned parent holds no rows itself). */
    private TableSize size(String table) {
        var r = dsl.resultQuery("""
                        SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint, coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
                        FROM pg_class c
                        WHERE c.oid = to_regclass({0})
                           OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = to_regclass({0}))""", table).fetchOne();
        long bytes = r.get(1, Long.class);
        long rows = bytes < EXACT_BELOW_BYTES ? dsl.fetchCount(table(name(table))) : r.get(0, Long.class);
        return new TableSize(table, rows, bytes);
    }

    private List<Partition> partitions() {
        return dsl.resultQuery("""
                        SELECT p.relname, c.relname, coalesce(pg_get_expr(c.relpartbound, c.oid), ''),
                               greatest(c.reltuples, 0)::bigint, pg_total_relation_size(c.oid)
                        FROM pg_inherits i
                        JOIN pg_class c ON c.oid = i.inhrelid
                        JOIN pg_class p ON p.oid = i.inhparent
                        WHERE p.relname IN ('audit_events', 'audit_events_archive')
                        ORDER BY p.relname, c.relname""")
                .fetch(r -> new Partition(
                        r.get(0, String.class),
                        r.get(1, String.class),
                        r.get(2, String.class),
                        r.get(3, Long.class),
                        r.get(4, Long.class)));
    }
}
