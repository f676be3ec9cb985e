package com.aliaport.ops.auditlog;

import static com.aliaport.ops.auditlog.db.AuditTables.ARCHIVE;
import static com.aliaport.ops.auditlog.db.AuditTables.LIVE;
import static com.aliaport.ops.auditlog.db.AuditTables.LIVE_DEFAULT;

import com.aliaport.ops.auditlog.db.AuditSession;
import com.aliaport.ops.auditlog.db.AuditTables;
import com.aliaport.ops.auditlog.db.PartitionMigration;
import com.aliaport.ops.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partitioned mode's table work: the one-time migration of the plain tables to monthly range partitions, and
 * keeping the next months' partitions ready so that new events never pile up in the default partition.
 */
public final class AuditPartitioning {
    private static final Logger log = LoggerFactory.getLogger(AuditPartitioning.class);
    /** The switch of the migration may wait this long for the tables, per try. */
    private static final Duration SWAP_LOCK_TIMEOUT = Duration.ofSeconds(2);

    private static final int SWAP_ATTEMPTS = 10;
    private static final int LOCK_ATTEMPTS = 5;

    private final Database database;
    private final AuditArchiveSettings settings;
    private final Clock clock;

    public AuditPartitioning(Database database, AuditArchiveSettings settings, Clock clock) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
    }

    public boolean isPartitioned() {
        AuditTables tables = new AuditTables(database.dsl());
        return tables.isPartitioned(LIVE) && tables.isPartitioned(ARCHIVE);
    }

    /**
     * Turns the plain {@code audit_events} and {@code audit_events_archive} into tables partitioned by month (in the
     * port's time zone), keeping every row, while the application goes on writing audit events; only the final
     * switch locks the tables, for milliseconds to a few seconds. Idempotent; safe to rerun after a failure or a
     * kill (the old tables are untouched until the switch). Archive runs wait for it (they share a lock).
     */
    public MigrationReport migrateToPartitioned() {
        try (AuditSession session = AuditSession.tryOpen(
                        database.dataSource(), database.dsl().settings())
                .orElseThrow(
                        () -> new AuditArchiveException(
                                "an audit archive run or partition change is in progress; try the migration again when it ends"))) {
            AuditTables tables = new AuditTables(session.dsl());
            if (tables.isPartitioned(LIVE) && tables.isPartitioned(ARCHIVE)) {
                return new MigrationReport(true, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);
            }
            if (tables.isPartitioned(LIVE) || tables.isPartitioned(ARCHIVE)) {
                throw new AuditArchiveException("only one of audit_events and audit_events_archive is partitioned;"
                        + " this migration expects both plain");
            }
            PartitionMigration migration = new PartitionMigration(session.dsl());
            long start = System.nanoTime();
            migration.dropLeftovers(settings.lockTimeout());
            PartitionMigration.Copied layout = migration.createPartitionedCopies(
                    settings.zone(), clock.instant(), settings.partitionsAhead(), settings.lockTimeout());
            migration.startMirroring(settings.lockTimeout());
            log.info("partition migration: copying audit_events ({} monthly partitions)", layout.liveMonths());
            long live = migration.copyRows(LIVE, "audit_events_p", n -> {});
            log.info(
                    "partition migration: copying audit_events_archive ({} monthly partitions)",
                    layout.archiveMonths());
            long archive = migration.copyRows(ARCHIVE, "audit_events_archive_p", n -> {});
            migration.verifyCounts();
            Duration copyTime = Duration.ofNanos(System.nanoTime() - start);

            for (int attempt = 1; attempt <= SWAP_ATTEMPTS; attempt++) {
                long t0 = System.nanoTime();
                if (migration.swap(SWAP_LOCK_TIMEOUT)) {
                    MigrationReport report = new MigrationReport(
                            false,
                            live,
                            archive,
                            layout.liveMonths(),
                            layout.archiveMonths(),
                            copyTime,
                            Duration.ofNanos(System.nanoTime() - t0));
                    log.info("partition migration: {}", report.message());
                    return report;
                }
                log.info("partition migration: tables busy, switch attempt {} of {} postponed", attempt, SWAP_ATTEMPTS);
            }
            throw new AuditArchiveException("partition migration: audit_events stayed busy for " + SWAP_ATTEMPTS
                    + " tries of the switch; nothing was changed, try again in a quieter moment");
        }
    }

    /**
     * Creates the live partitions of this month and the next {@code partitionsAhead} months that are missing (rows
     * already in the default partition for such a month move into it). Empty when another archive run or partition
     * change holds the audit lock.
     */
    public Optional<List<PartitionMonth>> ensurePartitions() {
        Optional<AuditSession> maybeSession =
                AuditSession.tryOpen(database.dataSource(), database.dsl().settings());
        if (maybeSession.isEmpty()) {
            return Optional.empty();
        }
        try (AuditSession session = maybeSession.get()) {
            AuditTables tables = new AuditTables(session.dsl());
            if (!tables.isPartitioned(LIVE)) {
                throw new AuditArchiveException("audit_events is not partitioned: run the partition migration first");
            }
            Set<PartitionMonth> existing = new TreeSet<>();
            boolean hasDefault = false;
            for (AuditTables.Partition p : tables.partitions(LIVE)) {
                hasDefault |= p.isDefault();
                p.from().ifPresent(from -> existing.add(PartitionMonth.of(from, settings.zone())));
            }
            List<PartitionMonth> created = new ArrayList<>();
            PartitionMonth month = PartitionMonth.of(clock.instant(), settings.zone());
            for (int i = 0; i <= settings.partitionsAhead(); i++, month = month.next()) {
                if (existing.contains(month)) {
                    continue;
                }
                Optional<String> defaultPartition = hasDefault ? Optional.of(LIVE_DEFAULT) : Optional.empty();
                if (!createWithRetries(tables, month, defaultPartition)) {
                    throw new AuditArchiveException("cannot create partition " + month.tableName(LIVE)
                            + ": audit_events stayed busy through " + LOCK_ATTEMPTS + " tries");
                }
                created.add(month);
            }
            return Optional.of(created);
        }
    }

    private boolean createWithRetries(AuditTables tables, PartitionMonth month, Optional<String> defaultPartition) {
        for (int attempt = 1; attempt <= LOCK_ATTEMPTS; attempt++) {
            if (tables.createMonthPartition(LIVE, month, defaultPartition, settings.lockTimeout())) {
                log.info("audit partitions: created {}", month.tableName(LIVE));
                return true;
            }
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
