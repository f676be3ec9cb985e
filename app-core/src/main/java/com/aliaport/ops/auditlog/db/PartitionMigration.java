package com.aliaport.ops.auditlog.db;

import static com.aliaport.ops.auditlog.db.AuditTables.ARCHIVE;
import static com.aliaport.ops.auditlog.db.AuditTables.LIVE;
import static com.aliaport.ops.auditlog.db.AuditTables.LIVE_DEFAULT;
import static org.jooq.impl.DSL.name;

import com.aliaport.ops.auditlog.AuditArchiveException;
import com.aliaport.ops.auditlog.PartitionMonth;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The SQL of turning the plain {@code audit_events} / {@code audit_events_archive} into monthly range-partitioned
 * tables while the application keeps writing. New partitioned copies ({@code *_p}) are built beside the old tables;
 * a trigger on the old live table mirrors every insert, update and delete into the copy while existing rows are
 * copied in batches; the counts are compared in one snapshot; then one short transaction swaps the names and drops
 * the old tables. Any failure before the swap leaves the old tables untouched; a rerun starts over.
 */
public final class PartitionMigration {
    static final String LIVE_NEW = "audit_events_p";
    static final String ARCHIVE_NEW = "audit_events_archive_p";
    static final String SEQUENCE_NEW = "audit_events_p_id_seq";
    static final String MIRROR = "audit_events_mirror";
    private static final int COPY_BATCH = 50_000;
    private static final Pattern INDEX_DEF = Pattern.compile("^CREATE (UNIQUE )?INDEX (\\S+) ON (\\S+) (USING .*)$");

    private final DSLContext dsl;
    private final AuditTables tables;

    public PartitionMigration(DSLContext sessionDsl) {
        this.dsl = sessionDsl;
        this.tables = new AuditTables(sessionDsl);
    }

    /** Rows copied and months created. */
    public record Copied(long liveRows, long archiveRows, int liveMonths, int archiveMonths) {}

    /** Drops what a killed earlier attempt left beside the old tables. */
    public void dropLeftovers(Duration lockTimeout) {
        retryLocked(lockTimeout, tx -> {
            tx.execute("drop trigger if exists {0} on {1}", name(MIRROR), name(LIVE));
            tx.execute("drop function if exists {0}()", name(MIRROR));
            tx.execute("drop table if exists {0}, {1}", name(LIVE_NEW), name(ARCHIVE_NEW));
            tx.execute("drop sequence if exists {0}", name(SEQUENCE_NEW));
        });
    }

    /** Creates the partitioned copies with monthly partitions (and the live default partition), still empty. */
    public Copied createPartitionedCopies(ZoneId zone, Instant now, int monthsAhead, Duration lockTimeout) {
        dsl.execute("create sequence {0} as bigint", name(SEQUENCE_NEW));
        createParent(LIVE, LIVE_NEW);
        dsl.execute(
                "alter table {0} alter column id set default nextval({1}::regclass)",
                name(LIVE_NEW), DSL.inline(SEQUENCE_NEW));
        createParent(ARCHIVE, ARCHIVE_NEW);

        PartitionMonth last = PartitionMonth.of(now, zone);
        for (int i = 0; i < monthsAhead; i++) {
            last = last.next();
        }
        int liveMonths = 0;
        Optional<PartitionMonth> liveFirst = oldest(LIVE, zone);
        for (PartitionMonth m = liveFirst.orElse(PartitionMonth.of(now, zone)); m.compareTo(last) <= 0; m = m.next()) {
            requireCreated(
                    tables.createMonthPartition(LIVE_NEW, m.tableName(LIVE), m, Optional.empty(), lockTimeout), m);
            liveMonths++;
        }
        dsl.execute("create table {0} partition of {1} default", name(LIVE_DEFAULT), name(LIVE_NEW));

        int archiveMonths = 0;
        Optional<PartitionMonth> archiveFirst = oldest(ARCHIVE, zone);
        Optional<PartitionMonth> archiveLast = newest(ARCHIVE, zone);
        if (archiveFirst.isPresent()) {
            for (PartitionMonth m = archiveFirst.get(); m.compareTo(archiveLast.orElseThrow()) <= 0; m = m.next()) {
                requireCreated(
                        tables.createMonthPartition(
                                ARCHIVE_NEW, m.tableName(ARCHIVE), m, Optional.empty(), lockTimeout),
                        m);
                archiveMonths++;
            }
        }
        return new Copied(0, 0, liveMonths, archiveMonths);
    }

    /**
     * From now on every change to the old live table is repeated in the copy, in the same transaction. Creating
     * the trigger waits for the transactions writing the table at that moment, so every row is either committed
     * before (and copied by {@link #copyRows}) or goes through the trigger.
     */
    public void startMirroring(Duration lockTimeout) {
        String function = """
                create function %1$s() returns trigger language plpgsql as $mirror$
                begin
                    if tg_op in ('UPDATE', 'DELETE') then
                        delete from %2$s where id = old.id and created_at = old.created_at;
                    end if;
                    if tg_op in ('INSERT', 'UPDATE') then
                        insert into %2$s select (new).* on conflict do nothing;
                    end if;
                    return null;
                end $mirror$""".formatted(MIRROR, LIVE_NEW);
        dsl.connection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(function);
            }
        });
        retryLocked(
                lockTimeout,
                tx -> tx.execute(
                        "create trigger {0} after insert or update or delete on {1} for each row execute function {0}()",
                        name(MIRROR), name(LIVE)));
    }

    /** Copies the rows of {@code from} into {@code to} in id order, batch by batch; returns the rows copied. */
    public long copyRows(String from, String to, LongConsumer progress) {
        Long maxId = Sql.value(dsl, Long.class, "select max(id) from {0}", name(from));
        if (maxId == null) {
            return 0;
        }
        long after = Long.MIN_VALUE;
        long copied = 0;
        while (after < maxId) {
            Record r = dsl.fetchOne("""
                    with batch as (select * from {0} where id > {2} and id <= {3} order by id limit {4}),
                    copied as (insert into {1} select * from batch on conflict do nothing)
                    select count(*), max(id) from batch""", name(from), name(to), DSL.val(after), DSL.val(maxId), DSL.val(COPY_BATCH));
            long n = r.get(0, Long.class);
            if (n == 0) {
                break;
            }
            copied += n;
            after = r.get(1, Long.class);
            progress.accept(copied);
        }
        return copied;
    }

    /** Row counts of old and new tables in one snapshot: equal when nothing was lost or doubled. */
    public void verifyCounts() {
        List<Long> counts = dsl.transactionResult(tx -> {
            tx.dsl().execute("set transaction isolation level repeatable read");
            return List.of(
                    countIn(tx.dsl(), LIVE),
                    countIn(tx.dsl(), LIVE_NEW),
                    countIn(tx.dsl(), ARCHIVE),
                    countIn(tx.dsl(), ARCHIVE_NEW));
        });
        if (!counts.get(0).equals(counts.get(1)) || !counts.get(2).equals(counts.get(3))) {
            throw new AuditArchiveException(
                    "partition migration stopped before the swap: audit_events has " + counts.get(0)
                            + " rows but its copy " + counts.get(1) + ", audit_events_archive " + counts.get(2)
                            + " but its copy "
                            + counts.get(3) + "; the old tables are untouched, run the migration again");
        }
    }

    /**
     * The switch, in one transaction: lock both old tables, carry the id sequence and the grants over, drop the old
     * tables (and with them the trigger) and give the copies their names. Returns false when the locks were not
     * free within the timeout (nothing changed).
     */
    public boolean swap(Duration lockTimeout) {
        String oldSequence = Sql.value(dsl, String.class, "select pg_get_serial_sequence('audit_events', 'id')");
        return tables.inLockedTransaction(lockTimeout, tx -> {
            tx.execute("lock table {0}, {1} in access exclusive mode", name(LIVE), name(ARCHIVE));
            long next = Sql.value(
                    tx,
                    Long.class,
                    "select greatest(coalesce((select max(id) from {0}), 0), coalesce((select max(id) from {1}), 0)"
                            + (oldSequence == null ? "" : ", (select last_value from " + oldSequence + ")") + ", 1)",
                    name(LIVE_NEW),
                    name(ARCHIVE_NEW));
            tx.execute("select setval({0}::regclass, {1})", DSL.inline(SEQUENCE_NEW), DSL.val(next));
            copyGrants(tx, LIVE, LIVE_NEW);
            copyGrants(tx, ARCHIVE, ARCHIVE_NEW);
            if (oldSequence != null) {
                copyGrants(tx, oldSequence, SEQUENCE_NEW);
            }
            List<String> liveIndexes = indexNames(tx, LIVE);
            List<String> archiveIndexes = indexNames(tx, ARCHIVE);
            tx.execute("drop table {0}", name(LIVE));
            tx.execute("drop function {0}()", name(MIRROR));
            tx.execute("drop table {0}", name(ARCHIVE));
            tx.execute("alter table {0} rename to {1}", name(LIVE_NEW), name(LIVE));
            tx.execute("alter table {0} rename to {1}", name(ARCHIVE_NEW), name(ARCHIVE));
            tx.execute("alter sequence {0} rename to {1}", name(SEQUENCE_NEW), name("audit_events_id_seq"));
            tx.execute("alter sequence {0} owned by {1}.id", name("audit_events_id_seq"), name(LIVE));
            renameIndexes(tx, liveIndexes);
            renameIndexes(tx, archiveIndexes);
        });
    }

    private void createParent(String old, String copy) {
        dsl.execute(
                "create table {0} (like {1} including defaults including constraints) partition by range (created_at)",
                name(copy), name(old));
        dsl.execute(
                "alter table {0} add constraint {1} primary key (id, created_at)", name(copy), name(copy + "_pkey"));
        for (Record r : dsl.fetch("""
                select pg_get_indexdef(i.indexrelid) from pg_index i
                 where i.indrelid = to_regclass(?) and not i.indisprimary""", old)) {
            Matcher m = INDEX_DEF.matcher(r.get(0, String.class));
            if (!m.matches()) {
                throw new AuditArchiveException("cannot copy index of " + old + ": " + r.get(0, String.class));
            }
            String sql = "CREATE " + (m.group(1) == null ? "" : m.group(1)) + "INDEX " + m.group(2) + "_p ON " + copy
                    + " " + m.group(4);
            try {
                dsl.execute(sql);
            } catch (RuntimeException e) {
                throw new AuditArchiveException(
                        "cannot carry index " + m.group(2) + " of " + old
                                + " over to the partitioned table (a unique index must include created_at): "
                                + e.getMessage(),
                        e);
            }
        }
    }

    private Optional<PartitionMonth> oldest(String table, ZoneId zone) {
        return Optional.ofNullable(Sql.value(dsl, OffsetDateTime.class, "select min(created_at) from {0}", name(table)))
                .map(t -> PartitionMonth.of(t.toInstant(), zone));
    }

    private Optional<PartitionMonth> newest(String table, ZoneId zone) {
        return Optional.ofNullable(Sql.value(dsl, OffsetDateTime.class, "select max(created_at) from {0}", name(table)))
                .map(t -> PartitionMonth.of(t.toInstant(), zone));
    }

    private static long countIn(DSLContext tx, String table) {
        return Sql.value(tx, Long.class, "select count(*) from {0}", name(table));
    }

    private static void copyGrants(DSLContext tx, String from, String to) {
        for (Record r : tx.fetch("""
                select case when a.grantee = 0 then 'public' else quote_ident(pg_get_userbyid(a.grantee)) end, a.privilege_type
                  from pg_class c, aclexplode(c.relacl) a
                 where c.oid = to_regclass(?) and a.grantee <> c.relowner""", from)) {
            tx.execute("grant " + r.get(1, String.class) + " on " + to + " to " + r.get(0, String.class));
        }
    }

    private static List<String> indexNames(DSLContext tx, String table) {
        return tx.fetch(
                        "select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = to_regclass(?)",
                        table)
                .map(r -> r.get(0, String.class));
    }

    /** The copies' indexes were created as {@code <old name>_p} (the primary key as {@code <copy>_pkey}). */
    private static void renameIndexes(DSLContext tx, List<String> oldNames) {
        for (String old : oldNames) {
            String copy = old.endsWith("_pkey") ? old.replaceFirst("_pkey$", "_p_pkey") : old + "_p";
            if (Sql.value(tx, Boolean.class, "select to_regclass(?) is not null", copy)) {
                tx.execute("alter index {0} rename to {1}", name(copy), name(old));
            }
        }
    }

    private void retryLocked(Duration lockTimeout, Consumer<DSLContext> body) {
        for (int attempt = 1; attempt <= 20; attempt++) {
            if (tables.inLockedTransaction(lockTimeout, body)) {
                return;
            }
            sleep(attempt);
        }
        throw new AuditArchiveException("partition migration: audit_events stayed busy; try again in a quieter moment");
    }

    private static void requireCreated(boolean created, PartitionMonth month) {
        if (!created) {
            throw new AuditArchiveException("partition migration: could not create the partition for " + month);
        }
    }

    static void sleep(int attempt) {
        try {
            Thread.sleep(100L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditArchiveException("partition migration interrupted");
        }
    }
}
