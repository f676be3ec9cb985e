package com.aliaport.ops.auditlog;

import static com.aliaport.ops.auditlog.db.AuditTables.ARCHIVE;
import static com.aliaport.ops.auditlog.db.AuditTables.LIVE;

import com.aliaport.ops.auditlog.db.AuditSession;
import com.aliaport.ops.auditlog.db.AuditTables;
import com.aliaport.ops.auditlog.db.AuditTables.Partition;
import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobContext;
import com.aliaport.ops.jobrun.JobStoppedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves audit events older than the retention from {@code audit_events} to {@code audit_events_archive}.
 *
 * <p>Row-wise, in batches that are each one atomic statement committed on its own ({@link AuditTables#moveBatch}):
 * a row is in exactly one of the two tables whatever is killed when, and a killed run is continued by the next.
 * In partitioned mode, months wholly past the retention leave the live table as a whole partition, moved to the
 * archive in one short catalog-only transaction; the boundary month (and the default partition) are moved row-wise.
 * Afterwards {@code VACUUM (ANALYZE) audit_events}, outside any transaction.
 */
public final class AuditArchiver {
    private static final Logger log = LoggerFactory.getLogger(AuditArchiver.class);
    private static final int LOCK_ATTEMPTS = 5;

    private final Database database;
    private final AuditArchiveSettings settings;
    private final Clock clock;
    private final Counter successes;
    private final Counter archivedRecords;

    public AuditArchiver(Database database, AuditArchiveSettings settings, Clock clock, MeterRegistry registry) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
        this.successes = Counter.builder("audit.archive.success")
                .description("Audit archive runs that completed")
                .register(registry);
        this.archivedRecords = Counter.builder("audit.archived.records")
                .description("Audit events moved to the archive")
                .register(registry);
    }

    /**
     * Archives everything older than the retention, as of today or, for a manual run, the context's {@code --date}
     * (never a future one). Empty when another run (or a partition change) holds the audit lock.
     */
    public Optional<ArchiveReport> archive(JobContext context) {
        Instant cutoff = settings.cutoff(asOf(context));
        Optional<AuditSession> maybeSession =
                AuditSession.tryOpen(database.dataSource(), database.dsl().settings());
        if (maybeSession.isEmpty()) {
            log.info("audit archiving skipped: another run or partition change holds the audit lock");
            return Optional.empty();
        }
        try (AuditSession session = maybeSession.get()) {
            AuditTables tables = new AuditTables(session.dsl());
            tables.writeBackAsYouGo();
            ArchiveReport report = new Run(tables, context, cutoff).execute();
            successes.increment();
            log.info("audit archiving: {}", report.message());
            return Optional.of(report);
        }
    }

    private Instant asOf(JobContext context) {
        Instant now = clock.instant();
        Optional<LocalDate> date = context.date();
        if (date.isEmpty()) {
            return now;
        }
        if (date.get().isAfter(LocalDate.ofInstant(now, settings.zone()))) {
            throw new AuditArchiveException(
                    "audit archiving as of " + date.get() + " refused: the date is in the future");
        }
        return date.get().atStartOfDay(settings.zone()).toInstant();
    }

    /** One run's state: what is left to move and what was moved. */
    private final class Run {
        private final AuditTables tables;
        private final JobContext context;
        private final Instant cutoff;
        private long total;
        private long moved;
        private long movedInMonths;
        private int batches;
        private long longestBatchNanos;
        private long longestMonthNanos;
        private final List<PartitionMonth> wholeMonths = new ArrayList<>();
        private final Map<String, Partition> livePartitions = new HashMap<>();

        Run(AuditTables tables, JobContext context, Instant cutoff) {
            this.tables = tables;
            this.context = context;
            this.cutoff = cutoff;
        }

        ArchiveReport execute() {
            long start = System.nanoTime();
            boolean livePartitioned = tables.isPartitioned(LIVE);
            boolean archivePartitioned = tables.isPartitioned(ARCHIVE);
            if (settings.mode() == AppConfig.Audit.Mode.PARTITIONED && !(livePartitioned && archivePartitioned)) {
                throw new AuditArchiveException(
                        "ALIAPORT_AUDIT_MODE=partitioned but audit_events is not partitioned yet:"
                                + " run the partition migration first (audit partition migration in the CLI)");
            }
            List<String> columns = liveColumnsKnownToArchive();
            boolean wholeMonthMoves = settings.mode() == AppConfig.Audit.Mode.PARTITIONED;

            List<Partition> monthsPast = new ArrayList<>();
            List<String> rowWise = new ArrayList<>();
            if (livePartitioned) {
                for (Partition p : tables.partitions(LIVE)) {
                    livePartitions.put(p.name(), p);
                    boolean wholePast = p.to().isPresent() && !p.to().get().isAfter(cutoff);
                    boolean partlyPast = p.isDefault()
                            || p.from().isEmpty()
                            || p.from().get().isBefore(cutoff);
                    if (wholeMonthMoves && wholePast && isOneMonth(p)) {
                        monthsPast.add(p);
                    } else if (partlyPast) {
                        rowWise.add(p.name());
                    }
                }
            } else {
                rowWise.add(LIVE);
            }

            for (Partition p : monthsPast) {
                total += tables.count(p.name());
            }
            for (String relation : rowWise) {
                total += tables.countBefore(relation, cutoff);
            }
            context.progress(0, total, progressText());

            Set<PartitionMonth> archiveMonths = archivePartitioned ? archiveMonths() : Set.of();
            List<Partition> drainedMonths = new ArrayList<>();
            for (Partition p : monthsPast) {
                context.checkStop();
                PartitionMonth month = PartitionMonth.of(p.from().orElseThrow(), settings.zone());
                if (!archiveMonths.contains(month) && moveWholeMonth(month, p.name())) {
                    archiveMonths.add(month);
                } else {
                    // The archive already holds this month's earlier rows (moved row-wise while it was the boundary
                    // month), or the application kept the table busy: move the rest row-wise, then drop the empty
                    // month.
                    rowWise.addFirst(p.name());
                    drainedMonths.add(p);
                }
            }

            if (archivePartitioned) {
                ensureArchiveMonths(rowWise, archiveMonths);
            }
            for (String relation : rowWise) {
                moveRowWise(relation, columns);
            }
            for (Partition p : drainedMonths) {
                if (!dropWithRetries(p.name())) {
                    log.warn(
                            "audit archiving: emptied partition {} stays attached until the next run (lock busy)",
                            p.name());
                }
            }
            Duration moveTime = Duration.ofNanos(System.nanoTime() - start);

            long vacuumStart = System.nanoTime();
            context.progress(moved, total, progressText() + "; VACUUM (ANALYZE) audit_events");
            tables.vacuumAnalyze(LIVE);
            Duration vacuumTime = Duration.ofNanos(System.nanoTime() - vacuumStart);

            return new ArchiveReport(
                    cutoff,
                    settings.zone(),
                    moved,
                    movedInMonths,
                    wholeMonths,
                    batches,
                    Duration.ofNanos(longestBatchNanos),
                    Duration.ofNanos(longestMonthNanos),
                    moveTime,
                    vacuumTime);
        }

        private List<String> liveColumnsKnownToArchive() {
            List<String> live = tables.columns(LIVE);
            List<String> archive = tables.columns(ARCHIVE);
            List<String> missing =
                    live.stream().filter(c -> !archive.contains(c)).toList();
            if (!missing.isEmpty() || !archive.contains("archived_at")) {
                throw new AuditArchiveException(
                        "audit_events_archive must have every column of audit_events plus archived_at;" + " missing: "
                                + (missing.isEmpty() ? "archived_at" : String.join(", ", missing)));
            }
            return live;
        }

        private boolean isOneMonth(Partition p) {
            PartitionMonth month = PartitionMonth.of(p.from().orElseThrow(), settings.zone());
            return month.from().equals(p.from().get()) && month.to().equals(p.to().orElseThrow());
        }

        private Set<PartitionMonth> archiveMonths() {
            Set<PartitionMonth> months = new TreeSet<>();
            for (Partition p : tables.partitions(ARCHIVE)) {
                if (p.from().isPresent() && p.to().isPresent() && isOneMonth(p)) {
                    months.add(PartitionMonth.of(p.from().get(), settings.zone()));
                }
            }
            return months;
        }

        private boolean moveWholeMonth(PartitionMonth month, String partition) {
            for (int attempt = 1; attempt <= LOCK_ATTEMPTS; attempt++) {
                long t0 = System.nanoTime();
                if (tables.moveMonthToArchive(month, partition, clock.instant(), settings.lockTimeout())) {
                    longestMonthNanos = Math.max(longestMonthNanos, System.nanoTime() - t0);
                    long rows = tables.count(month.tableName(ARCHIVE));
                    moved += rows;
                    movedInMonths += rows;
                    wholeMonths.add(month);
                    archivedRecords.increment(rows);
                    context.progress(moved, total, progressText());
                    log.info("audit archiving: month {} ({} rows) moved to the archive as a whole", month, rows);
                    return true;
                }
                pause(attempt);
            }
            log.warn(
                    "audit archiving: {} stayed busy through {} tries; moving month {} row-wise",
                    LIVE,
                    LOCK_ATTEMPTS,
                    month);
            return false;
        }

        private boolean dropWithRetries(String partition) {
            for (int attempt = 1; attempt <= LOCK_ATTEMPTS; attempt++) {
                if (tables.dropEmptyPartition(LIVE, partition, settings.lockTimeout())) {
                    return true;
                }
                pause(attempt);
            }
            return false;
        }

        /** Row-wise moves into a partitioned archive need the months' partitions there first. */
        private void ensureArchiveMonths(List<String> relations, Set<PartitionMonth> existing) {
            Set<PartitionMonth> needed = new TreeSet<>();
            for (String relation : relations) {
                Partition p = livePartitions.get(relation);
                if (p != null && !p.isDefault() && p.from().isPresent() && isOneMonth(p)) {
                    needed.add(PartitionMonth.of(p.from().get(), settings.zone()));
                } else {
                    // the default partition (or a table not split by month): look at its rows
                    tables.monthsBefore(relation, cutoff, settings.zone())
                            .forEach(m -> needed.add(new PartitionMonth(m, settings.zone())));
                }
            }
            for (PartitionMonth month : needed) {
                if (existing.contains(month)) {
                    continue;
                }
                boolean created = false;
                for (int attempt = 1; attempt <= LOCK_ATTEMPTS && !created; attempt++) {
                    created = tables.createMonthPartition(ARCHIVE, month, Optional.empty(), settings.lockTimeout());
                    if (!created) {
                        pause(attempt);
                    }
                }
                if (!created) {
                    throw new AuditArchiveException("cannot create archive partition for " + month + ": lock busy");
                }
                existing.add(month);
            }
        }

        /**
         * Batches oldest first, each starting at the newest {@code created_at} of the one before: every row older than
         * the cutoff when the run started is moved. A row written meanwhile with an old timestamp behind that point is
         * left to the next run rather than paid for with a scan over the index entries of all rows just moved.
         */
        private void moveRowWise(String relation, List<String> columns) {
            Instant from = AuditTables.BEGINNING;
            BatchSizer sizer = new BatchSizer(settings.batchSize());
            while (true) {
                context.checkStop();
                int size = sizer.next();
                long t0 = System.nanoTime();
                AuditTables.Batch batch = tables.moveBatch(relation, columns, from, cutoff, size);
                long took = System.nanoTime() - t0;
                if (batch.rows() == 0) {
                    return;
                }
                sizer.took(batch.rows(), took);
                if (took > 2 * BatchSizer.TARGET.toNanos()) {
                    log.info(
                            "audit archiving: a batch of {} rows took {} ms; the next ones are sized to {}",
                            batch.rows(),
                            took / 1_000_000,
                            sizer.next());
                }
                batches++;
                longestBatchNanos = Math.max(longestBatchNanos, took);
                moved += batch.rows();
                archivedRecords.increment(batch.rows());
                from = batch.newest().orElse(from);
                context.progress(moved, Math.max(total, moved), progressText());
            }
        }

        private String progressText() {
            return String.format(
                    Locale.ROOT,
                    "moved %,d of %,d audit events created before %s",
                    moved,
                    Math.max(total, moved),
                    cutoff.atZone(settings.zone()).toLocalDate());
        }

        private void pause(int attempt) {
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobStoppedException("audit archiving interrupted while waiting for a lock");
            }
        }
    }
}
