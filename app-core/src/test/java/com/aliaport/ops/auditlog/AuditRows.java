package com.aliaport.ops.auditlog;

import com.aliaport.ops.db.Database;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;

/** Test helpers over the audit tables: bulk rows, counts, and the invariants a test checks. */
final class AuditRows {
    private final DSLContext dsl;

    AuditRows(Database db) {
        this.dsl = db.dsl();
    }

    /** Inserts {@code count} events spread evenly over [{@code from}, {@code to}), server-side. */
    void insertSpread(int count, Instant from, Instant to) {
        dsl.execute("""
                insert into audit_events (event_type, user_id, details, created_at)
                select (array['report.download', 'job.rerun', 'anomaly.accept', 'console.login'])[1 + g % 4],
                       'user' || (g % 50),
                       jsonb_build_object('task_id', md5(g::text), 'ip', '10.0.' || (g % 250) || '.' || (g % 200), 'n', g),
                       ?::timestamptz + (g - 1) * ((?::timestamptz - ?::timestamptz) / ?)
                  from generate_series(1, ?) g""", utc(from), utc(to), utc(from), count, count);
    }

    void insertAt(Instant createdAt, String eventType) {
        dsl.execute(
                "insert into audit_events (event_type, user_id, details, created_at) values (?, 'tester', '{\"k\": 1}'::jsonb, ?::timestamptz)",
                eventType,
                utc(createdAt));
    }

    long live() {
        return count("audit_events");
    }

    long archived() {
        return count("audit_events_archive");
    }

    long count(String table) {
        return dsl.fetchOne("select count(*) from " + table).get(0, Long.class);
    }

    long liveBefore(Instant cutoff) {
        return dsl.fetchOne("select count(*) from audit_events where created_at < ?::timestamptz", utc(cutoff))
                .get(0, Long.class);
    }

    /** Live count, archive count, ids in both, and an order-free fingerprint of all rows, in one snapshot. */
    record Census(long live, long archived, long inBoth, String fingerprint) {
        long total() {
            return live + archived;
        }
    }

    Census census() {
        var r = dsl.fetchOne("""
                select (select count(*) from audit_events),
                       (select count(*) from audit_events_archive),
                       (select count(*) from audit_events a join audit_events_archive b using (id)),
                       (select md5(string_agg(x, ',' order by x)) from (
                            select id || '|' || event_type || '|' || coalesce(user_id, '') || '|' || details::text || '|'
                                   || extract(epoch from created_at)::text as x from audit_events
                            union all
                            select id || '|' || event_type || '|' || coalesce(user_id, '') || '|' || details::text || '|'
                                   || extract(epoch from created_at)::text from audit_events_archive) rows)""");
        return new Census(r.get(0, Long.class), r.get(1, Long.class), r.get(2, Long.class), r.get(3, String.class));
    }

    /** Counts and the sum of ids over both tables, in one snapshot: cheap enough for large tables. */
    record Ids(long live, long archived, long inBoth, long idSum) {
        long total() {
            return live + archived;
        }
    }

    Ids ids() {
        var r = dsl.fetchOne("""
                select (select count(*) from audit_events),
                       (select count(*) from audit_events_archive),
                       (select count(*) from audit_events a join audit_events_archive b using (id)),
                       (select coalesce(sum(id), 0) from (select id from audit_events union all select id from audit_events_archive) u)""");
        return new Ids(r.get(0, Long.class), r.get(1, Long.class), r.get(2, Long.class), r.get(3, Long.class));
    }

    List<String> partitionsOf(String parent) {
        return dsl.fetch("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = to_regclass(?) order by c.relname""", parent).map(r -> r.get(0, String.class));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
