package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.ConfigException;
import com.aliaport.ops.jobrun.JobRunExecutor;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.jobrun.JobTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.quartz.CronExpression;

/** The daemon's job catalog: every job id, its schedule, pool and policy, bound to its core task. */
public final class Jobs {
    public static final String KUR_GUNCELLEME = "kur_guncelleme_daily";
    public static final String AUDIT_ARCHIVE = "audit_archive_daily";
    public static final String HISTORY_HOUSEKEEPING = "job_history_housekeeping";
    public static final String REPORT_HOUSEKEEPING = "report_housekeeping";

    private final AppConfig.Scheduler config;
    private final List<JobDefinition> definitions = new ArrayList<>();

    public Jobs(AppConfig.Scheduler config) {
        this.config = config;
    }

    /** Adds a job with the configured retries and limits. */
    public Jobs add(String id, String description, Optional<String> cron, WorkerPool pool, JobTask task) {
        return add(id, description, cron, pool, task, false);
    }

    /** Adds a job whose task reads a {@code date} parameter (yyyy-MM-dd) when one is given. */
    public Jobs addTakingDate(String id, String description, Optional<String> cron, WorkerPool pool, JobTask task) {
        return add(id, description, cron, pool, task, true);
    }

    private Jobs add(
            String id, String description, Optional<String> cron, WorkerPool pool, JobTask task, boolean takesDate) {
        cron.ifPresent(c -> {
            if (!CronExpression.isValidExpression(c)) {
                throw new ConfigException("cron of job " + id + ": '" + c + "' is not a valid Quartz cron expression");
            }
        });
        definitions.add(new JobDefinition(
                id,
                description,
                cron,
                pool,
                config.retriesOf(id),
                config.retryBackoffOf(id),
                new JobRunExecutor.Limits(config.softLimit(), config.hardLimit()),
                task,
                takesDate));
        return this;
    }

    /** The jobs every daemon has whatever features are wired: history trimming and the diagnostics. */
    public Jobs addBuiltIns(JobRunRepository runs) {
        add(
                HISTORY_HOUSEKEEPING,
                "Trim job run history older than " + config.historyRetentionDays() + " days",
                Optional.of("0 30 4 * * ?"),
                WorkerPool.LIGHT,
                HistoryHousekeeping.task(runs, config.historyRetentionDays()));
        AppConfig.Diagnostics diag = config.diagnostics();
        if (diag.enabled()) {
            add("diag_tick", "Diagnostic: succeeds at once", diag.tickCron(), WorkerPool.LIGHT, DiagnosticJobs.tick());
            add(
                    "diag_sleep",
                    "Diagnostic: sleeps (parameter seconds)",
                    Optional.empty(),
                    WorkerPool.HEAVY,
                    DiagnosticJobs.sleep(diag.sleep()));
            add("diag_fail", "Diagnostic: always fails", diag.failCron(), WorkerPool.LIGHT, DiagnosticJobs.fail());
        }
        return this;
    }

    /** The catalog; stops with the variable's name when a per-job setting names a job that is not in it. */
    public JobCatalog catalog() {
        List<String> ids = definitions.stream().map(JobDefinition::id).toList();
        requireJobs(AppConfig.Scheduler.RETRIES_BY_JOB, config.retriesByJob().keySet(), ids);
        requireJobs(
                AppConfig.Scheduler.RETRY_BACKOFF_BY_JOB,
                config.retryBackoffByJob().keySet(),
                ids);
        return new JobCatalog(definitions);
    }

    private static void requireJobs(String variable, java.util.Set<String> named, List<String> ids) {
        for (String id : new java.util.TreeSet<>(named)) {
            if (!ids.contains(id)) {
                throw new ConfigException(variable + ": there is no job '" + id + "' (jobs: "
                        + String.join(", ", ids.stream().sorted().toList()) + ")");
            }
        }
    }
}
