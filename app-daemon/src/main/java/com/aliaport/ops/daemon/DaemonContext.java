package com.aliaport.ops.daemon;

import com.aliaport.ops.alert.AlertDispatcher;
import com.aliaport.ops.alert.AlertSender;
import com.aliaport.ops.alert.EmailChannel;
import com.aliaport.ops.alert.WebhookChannel;
import com.aliaport.ops.auditlog.AuditArchiveJob;
import com.aliaport.ops.auditlog.AuditArchiveSettings;
import com.aliaport.ops.auditlog.AuditArchiver;
import com.aliaport.ops.auditlog.AuditLog;
import com.aliaport.ops.auditlog.AuditPartitionMaintenanceJob;
import com.aliaport.ops.auditlog.AuditPartitioning;
import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.daemon.metrics.ReportMetrics;
import com.aliaport.ops.daemon.metrics.SchedulerMetrics;
import com.aliaport.ops.daemon.reportapi.ReportQueueModule;
import com.aliaport.ops.daemon.scheduler.JobCatalog;
import com.aliaport.ops.daemon.scheduler.JobDefinition;
import com.aliaport.ops.daemon.scheduler.Jobs;
import com.aliaport.ops.daemon.scheduler.QuartzCluster;
import com.aliaport.ops.daemon.scheduler.WorkerPool;
import com.aliaport.ops.exchangerate.BulletinLag;
import com.aliaport.ops.exchangerate.ExchangeRateModule;
import com.aliaport.ops.exchangerate.db.KurlarRepository;
import com.aliaport.ops.jobrun.JobRunExecutor;
import com.aliaport.ops.jobrun.JobRunListener;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.jobrun.TriggerKind;
import com.aliaport.ops.jobrun.db.PgRunGuard;
import com.aliaport.ops.operatorcommand.CommandProcessor;
import com.aliaport.ops.operatorcommand.OperatorCommands;
import com.aliaport.ops.operatorcommand.ReportControl;
import com.aliaport.ops.report.ReportCatalog;
import com.aliaport.ops.report.ReportSettings;
import com.aliaport.ops.scheduledjob.ScheduledJobRepository;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The composition root: every service of a daemon process built once, from the typed configuration, and
 * wired by constructor. CLI commands open it too, so that they act exactly as the running daemon would.
 */
public final class DaemonContext implements AutoCloseable {
    public final AppConfig config;
    public final Clock clock;
    public final Infrastructure infra;
    public final PrometheusMeterRegistry registry;
    public final AlertSender alerts;
    public final JobRunRepository runs;
    public final AuditLog audit;
    public final JobRunExecutor executor;
    public final JobCatalog catalog;
    public final QuartzCluster cluster;
    public final ExchangeRateModule rates;
    public final AuditPartitioning auditPartitioning;
    public final ReportCatalog reportCatalog;
    public final ReportQueueModule reports;
    public final OperatorCommands operatorCommands;
    public final ScheduledJobRepository scheduledJobs;

    private DaemonContext(AppConfig config, Clock clock, Infrastructure infra) {
        this.config = config;
        this.clock = clock;
        this.infra = infra;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.alerts = alerting(config, clock);
        this.runs = new JobRunRepository(infra.database().dsl());
        this.audit = new AuditLog(infra.database().dsl(), clock);
        this.operatorCommands = new OperatorCommands(infra.database().dsl());
        this.scheduledJobs = new ScheduledJobRepository(infra.database().dsl(), clock);

        this.rates = ExchangeRateModule.create(
                config.rateSources(),
                infra.database().dsl(),
                infra.redis(),
                alerts,
                registry,
                clock,
                config.scheduler().retriesOf(Jobs.KUR_GUNCELLEME));
        new BulletinLag(new KurlarRepository(infra.database().dsl()), rates.calendar(), clock).register(registry);

        AuditArchiveSettings auditSettings = AuditArchiveSettings.from(config.audit(), QuartzCluster.ZONE);
        AuditArchiver archiver = new AuditArchiver(infra.database(), auditSettings, clock, registry);
        this.auditPartitioning = new AuditPartitioning(infra.database(), auditSettings, clock);

        this.reportCatalog = ReportCatalog.standard(infra.database().dsl(), clock, ReportSettings.defaults());
        infra.redis();
        this.reports = new ReportQueueModule(
                config,
                infra.database(),
                infra.redisAddress().orElseThrow(),
                reportCatalog.types().stream().map(reportCatalog::require).toList(),
                clock);
        new ReportMetrics(infra.database().dsl(), clock, config.nodeId(), config.workers())
                .bindTo(registry, List.copyOf(reportCatalog.types()), reports.queues());

        Jobs jobs = new Jobs(config.scheduler())
                .addTakingDate(
                        Jobs.KUR_GUNCELLEME,
                        "TCMB exchange rates (EVDS fallback), with back-fill of missed business days",
                        Optional.of("0 0 16 ? * MON-FRI"),
                        WorkerPool.LIGHT,
                        rates.job())
                .add(
                        Jobs.AUDIT_ARCHIVE,
                        "Move audit events older than " + config.audit().retentionDays() + " days to the archive",
                        Optional.of(AuditArchiveJob.CRON),
                        WorkerPool.HEAVY,
                        new AuditArchiveJob(archiver))
                .add(
                        AuditPartitionMaintenanceJob.JOB_ID,
                        "Create the coming months' audit partitions (partitioned mode)",
                        Optional.of(AuditPartitionMaintenanceJob.CRON),
                        WorkerPool.HEAVY,
                        new AuditPartitionMaintenanceJob(auditPartitioning, auditSettings))
                .add(
                        Jobs.REPORT_HOUSEKEEPING,
                        "Remove expired report files",
                        Optional.of("0 15 * * * ?"),
                        WorkerPool.LIGHT,
                        reports.housekeeping())
                .addBuiltIns(runs);
        this.catalog = jobs.catalog();

        QuartzCluster[] clusterRef = new QuartzCluster[1];
        SchedulerMetrics metrics = new SchedulerMetrics(
                registry,
                clock,
                catalog.all().stream().map(d -> d.id()).toList(),
                () -> clusterRef[0] != null && clusterRef[0].running());
        JobRunListener listener = metrics;
        this.executor = new JobRunExecutor(
                runs, new PgRunGuard(infra.database().dataSource()), clock, config.nodeId(), listener);
        this.cluster = new QuartzCluster(
                new QuartzCluster.Settings(
                        config.nodeId(),
                        config.scheduler().misfireGrace(),
                        config.scheduler().clusterCheckin(),
                        Map.of(
                                WorkerPool.LIGHT,
                                config.scheduler().lightThreads(),
                                WorkerPool.HEAVY,
                                config.scheduler().heavyThreads()),
                        Duration.ofSeconds(2)),
                infra.database().dataSource(),
                catalog,
                runs,
                executor,
                listener,
                clock);
        clusterRef[0] = cluster;
    }

    /** Log always; the webhook and e-mail when configured. */
    static AlertSender alerting(AppConfig config, Clock clock) {
        java.util.List<com.aliaport.ops.alert.AlertChannel> channels = new java.util.ArrayList<>();
        config.alerting().webhookUrl().ifPresent(url -> channels.add(new WebhookChannel(url, Duration.ofSeconds(5))));
        config.alerting().smtp().ifPresent(smtp -> channels.add(new EmailChannel(smtp)));
        return new AlertDispatcher(channels, clock, config.alerting().dedupInterval(), config.nodeId());
    }

    public static DaemonContext open(AppConfig config, Clock clock) {
        int poolSize =
                10 + config.scheduler().lightThreads() + config.scheduler().heavyThreads() + config.workers();
        Infrastructure infra = Infrastructure.open(config, "aliaport-" + config.nodeId(), poolSize);
        try {
            return new DaemonContext(config, clock, infra);
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    /**
     * Puts every catalog job and its schedule in the Quartz store and the catalog in {@code scheduled_jobs} (for
     * the console); safe when several nodes do it at once.
     */
    public void registerJobs() {
        cluster.register();
        scheduledJobs.upsertAll(cluster.catalogView());
    }

    /**
     * The operator command processor acting through this process's Quartz store (jobs) and report queue (report
     * tasks), under {@code handler} (the node id for a daemon, {@code cli@node} for the CLI).
     */
    public CommandProcessor commandProcessor(String handler) {
        return new CommandProcessor(new CommandProcessor.Wiring(
                infra.database().dsl(),
                operatorCommands,
                cluster,
                ReportControl.of(
                        reports.service(),
                        Optional.of(new com.aliaport.ops.reportqueue.ReportLinks(
                                reports.storage(), reports.service().settings().linkTtl(), clock))),
                runs,
                audit,
                handler,
                clock));
    }

    /** Runs a job once, now, on this process (CLI {@code jobs run}, {@code demo}): a MANUAL run with its limits. */
    public JobRunExecutor.Outcome runHere(JobDefinition job, Map<String, String> parameters) {
        return executor.execute(
                new JobRunExecutor.Request(
                        job.id(),
                        TriggerKind.MANUAL,
                        clock.instant(),
                        1,
                        Optional.empty(),
                        parameters,
                        job.limits(),
                        false),
                job.task(),
                () -> false);
    }

    @Override
    public void close() {
        cluster.close();
        reports.close();
        rates.close();
        infra.close();
    }
}
