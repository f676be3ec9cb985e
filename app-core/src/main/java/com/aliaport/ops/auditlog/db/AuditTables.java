package com.aliaport.ops.auditlog.db;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;

import com.aliaport.ops.auditlog.PartitionMonth;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The SQL of archiving, on the connection of an {@link AuditSession}: the atomic batch move, counts, the catalog
 * of partitions, and the partition changes. Table names come from this code, never from input.
 */
public final class AuditTables {
    public static final String LIVE = "audit_events";
    public static final String ARCHIVE = "audit_events_archive";
    public static final String LIVE_DEFAULT = "audit_events_default";
    /** Lower bound of the first batch pass: before any real audit event. */
    public static final Instant BEGINNING = Instant.parse("0001-01-01T00:00:00Z");

    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

    private final DSLContext dsl;

    public AuditTables(DSLContext sessionDsl) {
        this.dsl = sessionDsl;
    }

    /** One partition of a partitioned table; a default partition has no bounds. */
    public record Partition(String name, Optional<Instant> from, Optional<Instant> to, boolean isDefault) {}

    /** What one batch moved: how many rows, and the newest {@code created_at} among them. */
    public record Batch(int rows, Optional<Instant> newest) {}

    public boolean exists(String table) {
        return Sql.value(dsl, Boolean.class, "select to_regclass(?) is not null", table);
    }

    public boolean isPartitioned(String table) {
        return Boolean.TRUE.equals(
                Sql.value(dsl, Boolean.class, "select relkind = 'p' from pg_class where oid = to_regclass(?)", table));
    }

    /** The partitions of {@code parent}, oldest first, the default last. */
    public List<Partition> partitions(String parent) {
        return dsl.fetch("""
                        select c.relname,
                               (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz as lo,
                               (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz as hi,
                               pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' as is_default
                          from pg_inherits i
                          join pg_class c on c.oid = i.inhrelid
                         where i.inhparent = to_regclass(?)
                         order by is_default, lo nulls first""", parent)
                .map(r -> new Partition(
                        r.get(0, String.class),
                        Optional.ofNullable(r.get(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                        Optional.ofNullable(r.get(2, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                        Boolean.TRUE.equals(r.get(3, Boolean.class))));
    }

    /** Column names of a table in order (without dropped ones). */
    public List<String> columns(String table) {
        return dsl.fetch("""
                        select attname from pg_attribute
                         where attrelid = to_regclass(?) and attnum > 0 and not attisdropped
                         order by attnum""", table).map(r -> r.get(0, String.class));
    }

    public long count(String relation) {
        return Sql.value(dsl, Long.class, "select count(*) from {0}", name(relation));
    }

    public long countBefore(String relation, Instant cutoff) {
        return Sql.value(
                dsl, Long.class, "select count(*) from {0} where created_at < {1}", name(relation), ts(cutoff));
    }

    /** Calendar months (in {@code zone}) that rows of {@code relation} older than {@code cutoff} fall in. */
    public List<YearMonth> monthsBefore(String relation, Instant cutoff, ZoneId zone) {
        return dsl.fetch("""
                        select distinct to_char(created_at at time zone {1}, 'YYYY-MM') as m
                          from {0} where created_at < {2} order by m""", name(relation), DSL.val(zone.getId()), ts(cutoff))
                .map(r -> YearMonth.parse(r.get(0, String.class)));
    }

    /**
     * Moves up to {@code limit} rows of {@code relation} created in [{@code from}, {@code cutoff}) to the archive in
     * one statement and one transaction: the rows are deleted and their deleted versions inserted, so each row is
     * in exactly one table whether the transaction commits or not. Rows are taken oldest first so that the next
     * batch can start where this one ended instead of walking over the index entries of rows already moved. Rows
     * are addressed by {@code ctid} (no second index look-up); no {@code FOR UPDATE} is needed as the session's
     * advisory lock keeps other archivers away, and a row changed meanwhile simply fails the {@code ctid} recheck
     * and stays. The commit waits for its own WAL flush (synchronous commit) instead of leaving the batch's ~15 MB
     * of WAL to the application's next synchronous insert, whose commit would have to flush it: the archiver, not
     * the application, should wait for the disk.
     */
    public Batch moveBatch(String relation, List<String> columns, Instant from, Instant cutoff, int limit) {
        String cols = columns.stream().map(c -> DSL.name(c).toString()).collect(Collectors.joining(", "));
        String sql = """
                with moved as (
                    delete from {0}
                     where ctid = any (array(
                           select ctid from {0}
                            where created_at >= {1} and created_at < {2}
                            order by created_at
                            limit {3}))
                    returning *),
                archived as (
                    insert into audit_events_archive (%1$s, archived_at)
                    select %1$s, now() from moved)
                select count(*), max(created_at) from moved""".formatted(cols);
        var row = dsl.fetchOne(sql, name(relation), ts(from), ts(cutoff), DSL.val(limit));
        return new Batch(
                row.get(0, Integer.class),
                Optional.ofNullable(row.get(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }

    /**
     * Asks the kernel to write this session's dirty pages out as it goes ({@code backend_flush_after}, off by
     * default). Moving millions of rows through 128 MB of shared buffers makes the backend itself evict dirty pages
     * into the page cache; left there, gigabytes of them wait for the next checkpoint's fsync, which then stalls
     * every write on the disk for up to a second — the application's inserts included. Session-level: the
     * {@link AuditSession} resets it before giving the connection back.
     */
    public void writeBackAsYouGo() {
        dsl.execute("set backend_flush_after = '256kB'");
    }

    public void vacuumAnalyze(String table) {
        dsl.execute("vacuum (analyze) {0}", name(table));
    }

    /**
     * Creates the month's partition of {@code parent} without blocking writers: a plain table with a CHECK of its
     * range (so that attaching it, and later moving it to the archive, needs no scan), filled with the rows the
     * default partition holds for that month, then attached (which takes only a SHARE UPDATE EXCLUSIVE lock on the
     * parent). One transaction: the month's rows are in the default partition or in the new one, never both.
     * Returns false when the lock was not free within the timeout.
     */
    public boolean createMonthPartition(
            String parent, PartitionMonth month, Optional<String> defaultPartition, Duration lockTimeout) {
        return createMonthPartition(parent, month.tableName(parent), month, defaultPartition, lockTimeout);
    }

    public boolean createMonthPartition(
            String parent,
            String table,
            PartitionMonth month,
            Optional<String> defaultPartition,
            Duration lockTimeout) {
        return inLockedTransaction(lockTimeout, tx -> {
            tx.execute("create table {0} (like {1} including defaults)", name(table), name(parent));
            tx.execute(
                    "alter table {0} add constraint {1} check (created_at >= {2} and created_at < {3})",
                    name(table), name(table + "_range"), literal(month.from()), literal(month.to()));
            defaultPartition.ifPresent(
                    d -> tx.execute("""
                    with moved as (delete from {0} where created_at >= {1} and created_at < {2} returning *)
                    insert into {3} select * from moved""", name(d), literal(month.from()), literal(month.to()), name(table)));
            tx.execute(
                    "alter table {0} attach partition {1} for values from ({2}) to ({3})",
                    name(parent), name(table), literal(month.from()), literal(month.to()));
        });
    }

    /**
     * Moves a whole month from the live table to the archive in one transaction: detach it from
     * {@code audit_events}, give it the archive's {@code archived_at} column (a constant default: no rewrite), rename
     * it and attach it to {@code audit_events_archive}. Its CHECK spares the scan, so the transaction only changes the
     * catalog; its ACCESS EXCLUSIVE lock on {@code audit_events} lasts milliseconds and is never waited for longer
     * than {@code lockTimeout}. Returns false when the lock was not free.
     */
    public boolean moveMonthToArchive(
            PartitionMonth month, String livePartition, Instant archivedAt, Duration lockTimeout) {
        String archived = month.tableName(ARCHIVE);
        return inLockedTransaction(lockTimeout, tx -> {
            tx.execute("alter table {0} detach partition {1}", name(LIVE), name(livePartition));
            tx.execute(
                    "alter table {0} add column archived_at timestamptz not null default {1}",
                    name(livePartition), literal(archivedAt));
            tx.execute("alter table {0} alter column archived_at set default now()", name(livePartition));
            tx.execute("alter table {0} rename to {1}", name(livePartition), name(archived));
            tx.execute(
                    "alter table {0} attach partition {1} for values from ({2}) to ({3})",
                    name(ARCHIVE), name(archived), literal(month.from()), literal(month.to()));
        });
    }

    /** Detaches and drops an emptied partition (checked empty inside the transaction). */
    public boolean dropEmptyPartition(String parent, String partition, Duration lockTimeout) {
        return inLockedTransaction(lockTimeout, tx -> {
            tx.execute("alter table {0} detach partition {1}", name(parent), name(partition));
            if (tx.fetchExists(DSL.selectOne().from(name(partition)))) {
                throw new IllegalStateException(partition + " is not empty");
            }
            tx.execute("drop table {0}", name(partition));
        });
    }

    /** Runs DDL in one transaction that gives up (returns false) when a lock is not granted within the timeout. */
    boolean inLockedTransaction(Duration lockTimeout, Consumer<DSLContext> body) {
        try {
            dsl.transaction(tx -> {
                tx.dsl().execute("set local lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
                body.accept(tx.dsl());
            });
            return true;
        } catch (DataAccessException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.sqlState())) {
                return false;
            }
            throw e;
        }
    }

    /** A timestamptz bind value, cast so that PostgreSQL never takes it for text. */
    static Field<OffsetDateTime> ts(Instant instant) {
        return DSL.field("{0}::timestamptz", OffsetDateTime.class, DSL.val(instant.atOffset(ZoneOffset.UTC)));
    }

    /** An exact timestamptz literal for DDL, where bind values are not allowed. */
    static Param<String> literal(Instant instant) {
        return inline(SQL_TIMESTAMP.format(instant.atOffset(ZoneOffset.UTC)));
    }
}
