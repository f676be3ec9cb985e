package com.aliaport.ops.auditlog.bench;

import com.aliaport.ops.auditlog.ArchiveReport;
import com.aliaport.ops.auditlog.AuditArchiveSettings;
import com.aliaport.ops.auditlog.AuditArchiver;
import com.aliaport.ops.auditlog.AuditLog;
import com.aliaport.ops.auditlog.AuditPartitioning;
import com.aliaport.ops.auditlog.MigrationReport;
import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.TestJobContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;

/**
 * The audit-archiving benchmark (docs/benchmarks.md): moves {@code old} of {@code total} rows batched, then the
 * same move as one INSERT … SELECT plus DELETE, each with a writer doing single-row inserts beside it; then a batch
 * size sweep on a smaller table and partitioned mode's whole-month move. Run through bench/audit-archive.sh.
 * Arguments (all optional): total old batch sweepTotal sweepOld sweepSizes(comma) partitionedTotal.
 */
public final class AuditArchiveBench {
    private static final String SERVER = System.getProperty("bench.pg", "127.0.0.1:5432");
    private static final String DB = "aliaport_bench_audit";

    public static void main(String[] args) throws Exception {
        int total = arg(args, 0, 6_000_000);
        int old = arg(args, 1, 5_000_000);
        int batch = arg(args, 2, AppConfig.Audit.DEFAULT_BATCH_SIZE);
        int sweepTotal = arg(args, 3, 1_200_000);
        int sweepOld = arg(args, 4, 1_000_000);
        String sweep = args.length > 5 ? args[5] : "10000,20000,50000";
        int partitionedTotal = arg(args, 6, 1_200_000);

        admin("drop database if exists " + DB + " with (force)");
        admin("create database " + DB);
        ConnectionSettings settings =
                new ConnectionSettings("jdbc:postgresql://" + SERVER + "/" + DB, "postgres", Optional.empty());
        try (Database db = Database.connect(settings, "audit-bench", 6)) {
            db.migrate();
            say(
                    "machine: %d cores, PostgreSQL %s, shared_buffers %s, max_wal_size %s; load average now %s",
                    Runtime.getRuntime().availableProcessors(),
                    one(db, "show server_version"),
                    one(db, "show shared_buffers"),
                    one(db, "show max_wal_size"),
                    loadAverage());

            say("## batch size sweep: %,d of %,d rows", sweepOld, sweepTotal);
            for (String size : sweep.split(",")) {
                load(db, sweepTotal, sweepOld);
                Result r = batched(db, Integer.parseInt(size.strip()));
                say("batch %6s: %s", size.strip(), r);
            }

            say("## main run: %,d of %,d rows, batch %,d", old, total, batch);
            load(db, total, old);
            Result batchedResult = batched(db, batch);
            say("batched (one DELETE…RETURNING→INSERT per batch): %s", batchedResult);
            load(db, total, old);
            Result single = singleStatement(db);
            say("one INSERT…SELECT + DELETE transaction:           %s", single);
            say("batched / single rate: %.2f", batchedResult.rowsPerSecond / single.rowsPerSecond);

            say("## partitioned mode: %,d rows", partitionedTotal);
            load(db, partitionedTotal, partitionedTotal * 5 / 6);
            partitioned(db);
            say("load average at the end: %s", loadAverage());
        } finally {
            admin("drop database if exists " + DB + " with (force)");
        }
    }

    private record Result(
            long rows, double seconds, double rowsPerSecond, double longestTxSeconds, Latencies inserts, String extra) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%,d rows in %.1f s = %,.0f rows/s, longest transaction %.3f s; inserts beside it: %s%s",
                    rows,
                    seconds,
                    rowsPerSecond,
                    longestTxSeconds,
                    inserts,
                    extra);
        }
    }

    private static Result batched(Database db, int batchSize) throws Exception {
        AuditArchiveSettings settings = AuditArchiveSettings.from(
                        new AppConfig.Audit(90), AuditArchiveSettings.ISTANBUL)
                .withBatchSize(batchSize);
        AuditArchiver archiver = new AuditArchiver(db, settings, Clock.systemUTC(), new SimpleMeterRegistry());
        Prober prober = Prober.start(db);
        ArchiveReport report = archiver.archive(TestJobContext.manual("audit_archive_bench", Clock.systemUTC()))
                .orElseThrow();
        long vacuumStart = System.nanoTime() - report.vacuumTime().toNanos();
        Latencies inserts = prober.stop();
        Latencies moving = prober.between(Long.MIN_VALUE, vacuumStart);
        Latencies vacuuming = prober.between(vacuumStart, Long.MAX_VALUE);
        return new Result(
                report.rowsMoved(),
                report.moveTime().toNanos() / 1e9,
                report.rowsPerSecond(),
                report.longestBatch().toNanos() / 1e9,
                inserts,
                String.format(
                        Locale.ROOT,
                        "; %d batches; then VACUUM (ANALYZE) %.1f s%n    inserts while moving: %s%n"
                                + "    inserts during the VACUUM: %s",
                        report.batches(),
                        report.vacuumTime().toNanos() / 1e9,
                        moving,
                        vacuuming));
    }

    private static Result singleStatement(Database db) throws Exception {
        AuditArchiveSettings settings =
                AuditArchiveSettings.from(new AppConfig.Audit(90), AuditArchiveSettings.ISTANBUL);
        Instant cutoff = settings.cutoff(Instant.now());
        Prober prober = Prober.start(db);
        long t0 = System.nanoTime();
        long rows = db.dsl().transactionResult(tx -> {
            DSLContext d = tx.dsl();
            long n = d.execute("""
                    insert into audit_events_archive (id, event_type, user_id, details, created_at, archived_at)
                    select id, event_type, user_id, details, created_at, now() from audit_events
                     where created_at < ?::timestamptz""", cutoff.toString());
            d.execute("delete from audit_events where created_at < ?::timestamptz", cutoff.toString());
            return n;
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        Latencies inserts = prober.stop();
        return new Result(rows, seconds, rows / seconds, seconds, inserts, "");
    }

    private static void partitioned(Database db) throws Exception {
        AuditArchiveSettings settings = AuditArchiveSettings.from(
                new AppConfig.Audit(90, AppConfig.Audit.Mode.PARTITIONED, AppConfig.Audit.DEFAULT_BATCH_SIZE, 3),
                AuditArchiveSettings.ISTANBUL);
        Prober migrationProber = Prober.start(db);
        MigrationReport migration = new AuditPartitioning(db, settings, Clock.systemUTC()).migrateToPartitioned();
        say("migration to partitions: %s; inserts beside it: %s", migration.message(), migrationProber.stop());
        Prober prober = Prober.start(db);
        ArchiveReport report = new AuditArchiver(db, settings, Clock.systemUTC(), new SimpleMeterRegistry())
                .archive(TestJobContext.manual("audit_archive_bench", Clock.systemUTC()))
                .orElseThrow();
        Latencies inserts = prober.stop();
        say(
                "partitioned archive: %d whole months (%,d rows, about %,d a month) each moved in one transaction, longest"
                        + " %.1f ms; boundary month row-wise %,d rows in %d batches, longest %.3f s; inserts beside it: %s",
                report.wholeMonths().size(),
                report.rowsInWholeMonths(),
                report.wholeMonths().isEmpty()
                        ? 0
                        : report.rowsInWholeMonths() / report.wholeMonths().size(),
                report.longestMonthMove().toNanos() / 1e6,
                report.rowsMoved() - report.rowsInWholeMonths(),
                report.batches(),
                report.longestBatch().toNanos() / 1e9,
                inserts);
        say("  %s", report.message());
    }

    /** Fresh tables: {@code old} rows spread over 400..91 days ago, the rest over the last 89 days. */
    private static void load(Database db, int total, int old) {
        long t0 = System.nanoTime();
        db.dsl().execute("truncate audit_events, audit_events_archive");
        insert(db, old, "now() - interval '400 days'", "now() - interval '91 days'");
        insert(db, total - old, "now() - interval '89 days'", "now() - interval '1 minute'");
        db.dsl().execute("vacuum (analyze) audit_events");
        db.dsl().execute("vacuum (analyze) audit_events_archive");
        db.dsl().execute("checkpoint");
        say("  (loaded %,d rows in %.0f s)", total, (System.nanoTime() - t0) / 1e9);
    }

    private static void insert(Database db, int count, String from, String to) {
        int chunk = 1_000_000;
        for (int start = 0; start < count; start += chunk) {
            int end = Math.min(count, start + chunk);
            db.dsl().execute("""
                    insert into audit_events (event_type, user_id, details, created_at)
                    select (array['report.download', 'job.rerun', 'anomaly.accept', 'console.login'])[1 + g %% 4],
                           'user' || (g %% 50),
                           jsonb_build_object('task_id', md5(g::text), 'ip', '10.0.' || (g %% 250) || '.' || (g %% 200), 'n', g),
                           %1$s + (g::float8 / %3$d) * ((%2$s) - (%1$s))
                      from generate_series(%4$d, %5$d) g""".formatted(from, to, count, start, end - 1));
        }
    }

    /** Single-row inserts through the audit writer, one every 5 ms, each timed. */
    private static final class Prober {
        private final AtomicBoolean stop = new AtomicBoolean();
        /** Per insert: when it started and how long it took (System.nanoTime). */
        private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());

        private Thread thread;

        static Prober start(Database db) {
            Prober p = new Prober();
            AuditLog log = new AuditLog(db.dsl(), Clock.systemUTC());
            for (int i = 0; i < 50; i++) {
                log.record("bench.warmup", "prober", Map.of()); // not timed: class loading, JIT, statement cache
            }
            p.thread = Thread.ofPlatform().start(() -> {
                while (!p.stop.get()) {
                    long t0 = System.nanoTime();
                    log.record("bench.insert", "prober", Map.of("at", t0));
                    p.samples.add(new long[] {t0, System.nanoTime() - t0});
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return p;
        }

        Latencies stop() throws InterruptedException {
            stop.set(true);
            thread.join();
            return between(Long.MIN_VALUE, Long.MAX_VALUE);
        }

        /** Inserts that started in [from, to). */
        Latencies between(long from, long to) {
            synchronized (samples) {
                return Latencies.of(samples.stream()
                        .filter(x -> x[0] >= from && x[0] < to)
                        .map(x -> x[1])
                        .toList());
            }
        }
    }

    private record Latencies(int count, double p50ms, double p99ms, double maxMs) {
        static Latencies of(List<Long> nanos) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return new Latencies(0, 0, 0, 0);
            }
            return new Latencies(sorted.size(), at(sorted, 0.50), at(sorted, 0.99), sorted.getLast() / 1e6);
        }

        private static double at(List<Long> sorted, double q) {
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%,d single-row inserts, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    count,
                    p50ms,
                    p99ms,
                    maxMs);
        }
    }

    private static String one(Database db, String sql) {
        return db.dsl().fetchOne(sql).get(0, String.class);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i].replace("_", "")) : fallback;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
