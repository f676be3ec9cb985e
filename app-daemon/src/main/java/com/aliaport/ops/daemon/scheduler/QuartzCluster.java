package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.jobrun.JobRun;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.jobrun.TriggerKind;
import com.aliaport.ops.operatorcommand.JobControl;
import com.aliaport.ops.scheduledjob.ScheduledJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's Quartz schedulers, one per {@link WorkerPool}, each clustered through the JDBC job store on
 * PostgreSQL (a firing runs on exactly one node). Also the control surface the CLI uses: list, trigger,
 * pause, resume — a node built with {@code start=false} only writes to the store and the cluster fires.
 */
public final class QuartzCluster implements RetryScheduling, MisfirePolicy.CoalescedRuns, JobControl, AutoCloseable {
    public static final ZoneId ZONE = ZoneId.of("Europe/Istanbul");
    private static final Logger log = LoggerFactory.getLogger(QuartzCluster.class);
    private static final String JOB_GROUP = "aliaport";
    private static final String SCHEDULE_GROUP = "schedule";
    private static final String ONE_SHOT_GROUP = "one-shot";
    private static final Duration FIRE_SETTLE = Duration.ofSeconds(5);

    /** Everything the schedulers need, wired by the daemon. */
    public record Settings(
            String nodeId,
            Duration misfireGrace,
            Duration clusterCheckin,
            Map<WorkerPool, Integer> threads,
            Duration idleWait) {}

    private final Settings settings;
    private final JobCatalog catalog;
    private final JobRunRepository runs;
    private final Clock clock;
    private final Map<WorkerPool, Scheduler> schedulers = new EnumMap<>(WorkerPool.class);
    /** The fire times this node's schedulers hold (see {@link FireCountingJobStore}), and the key they share. */
    private final String fireCounterKey;

    private final AtomicInteger firesHeld;
    private final ExecutorService afterCommit = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("quartz-after-commit").daemon(true).factory());
    private volatile boolean shuttingDown;

    public QuartzCluster(
            Settings settings,
            DataSource dataSource,
            JobCatalog catalog,
            JobRunRepository runs,
            com.aliaport.ops.jobrun.JobRunExecutor executor,
            com.aliaport.ops.jobrun.JobRunListener listener,
            Clock clock) {
        this.settings = settings;
        this.catalog = catalog;
        this.runs = runs;
        this.clock = clock;
        String dataSourceName = "aliaport-" + UUID.randomUUID();
        this.fireCounterKey = dataSourceName;
        this.firesHeld = FireCountingJobStore.countOf(fireCounterKey);
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnections(dataSource));
        JobFiring firing = new JobFiring(catalog, executor, this, () -> shuttingDown, clock, settings.misfireGrace());
        MisfirePolicy misfires =
                new MisfirePolicy(runs, clock, settings.misfireGrace(), settings.nodeId(), this, afterCommit, listener);
        try {
            for (WorkerPool pool : WorkerPool.values()) {
                StdSchedulerFactory factory = new StdSchedulerFactory(properties(pool, dataSourceName));
                Scheduler scheduler = factory.getScheduler();
                scheduler.setJobFactory((bundle, s) -> new QuartzJobAdapter(firing));
                scheduler.getListenerManager().addTriggerListener(misfires);
                schedulers.put(pool, scheduler);
            }
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot create the Quartz schedulers: " + e.getMessage(), e);
        }
    }

    private Properties properties(WorkerPool pool, String dataSourceName) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", pool.schedulerName());
        p.setProperty("org.quartz.scheduler.instanceId", settings.nodeId());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty(
                "org.quartz.scheduler.idleWaitTime",
                Long.toString(settings.idleWait().toMillis()));
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty(
                "org.quartz.threadPool.threadCount",
                Integer.toString(settings.threads().get(pool)));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", pool.schedulerName() + "-worker");
        p.setProperty("org.quartz.jobStore.class", FireCountingJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.fireCounter", fireCounterKey);
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        // Job data as strings only: nothing Java-serialised in the store.
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty(
                "org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(settings.clusterCheckin().toMillis()));
        p.setProperty(
                "org.quartz.jobStore.misfireThreshold",
                Long.toString(settings.misfireGrace().toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /** Puts every catalog job and its schedule in the store; safe when several nodes do it at once. */
    public void register() {
        for (JobDefinition job : catalog.all()) {
            Scheduler s = schedulers.get(job.pool());
            JobDetail detail = JobBuilder.newJob(QuartzJobAdapter.class)
                    .withIdentity(job.id(), JOB_GROUP)
                    .withDescription(job.description())
                    .storeDurably()
                    .requestRecovery()
                    .build();
            try {
                s.addJob(detail, true, true);
                if (job.cron().isPresent()) {
                    registerSchedule(s, job);
                }
            } catch (ObjectAlreadyExistsException raced) {
                log.debug("{}: another node registered it first", job.id());
            } catch (SchedulerException e) {
                throw new SchedulingException("cannot register job " + job.id() + ": " + e.getMessage(), e);
            }
        }
    }

    private void registerSchedule(Scheduler s, JobDefinition job) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(job.id(), SCHEDULE_GROUP);
        CronTrigger wanted = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job.id(), JOB_GROUP)
                .withSchedule(CronScheduleBuilder.cronSchedule(job.cron().get())
                        .inTimeZone(TimeZone.getTimeZone(ZONE))
                        .withMisfireHandlingInstructionDoNothing())
                .build();
        Trigger existing = s.getTrigger(key);
        if (existing == null) {
            try {
                s.scheduleJob(wanted);
            } catch (ObjectAlreadyExistsException raced) {
                log.debug("{}: schedule registered by another node first", job.id());
            }
        } else if (existing instanceof CronTrigger cron
                && !cron.getCronExpression().equals(job.cron().get())) {
            boolean paused = s.getTriggerState(key) == Trigger.TriggerState.PAUSED;
            s.rescheduleJob(key, wanted);
            if (paused) {
                s.pauseTrigger(key);
            }
            log.info("{}: schedule changed to {}", job.id(), job.cron().get());
        }
    }

    public void start() {
        for (Scheduler s : schedulers.values()) {
            try {
                s.start();
            } catch (SchedulerException e) {
                throw new SchedulingException("cannot start the scheduler: " + e.getMessage(), e);
            }
        }
    }

    public boolean running() {
        try {
            for (Scheduler s : schedulers.values()) {
                if (!s.isStarted() || s.isInStandbyMode() || s.isShutdown()) {
                    return false;
                }
            }
            return true;
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Each pool's view: started, threads, what runs here now. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        schedulers.forEach((pool, s) -> {
            try {
                var meta = s.getMetaData();
                out.add(Map.of(
                        "pool", pool.name(),
                        "scheduler", meta.getSchedulerName(),
                        "started", meta.isStarted() && !meta.isInStandbyMode() && !meta.isShutdown(),
                        "clustered", meta.isJobStoreClustered(),
                        "threads", meta.getThreadPoolSize(),
                        "runningJobs",
                                s.getCurrentlyExecutingJobs().stream()
                                        .map(c -> c.getJobDetail().getKey().getName())
                                        .toList(),
                        "jobsExecuted", meta.getNumberOfJobsExecuted()));
            } catch (SchedulerException e) {
                out.add(Map.of("pool", pool.name(), "error", e.getMessage()));
            }
        });
        return out;
    }

    public List<JobStatusView> list() {
        Map<String, JobRun> last = runs.latestPerJob();
        List<JobStatusView> out = new ArrayList<>();
        for (JobDefinition job : catalog.all()) {
            Scheduler s = schedulers.get(job.pool());
            try {
                TriggerKey key = TriggerKey.triggerKey(job.id(), SCHEDULE_GROUP);
                Trigger trigger = s.getTrigger(key);
                Optional<Instant> next = Optional.ofNullable(trigger)
                        .map(Trigger::getNextFireTime)
                        .map(Date::toInstant);
                boolean paused = trigger != null && s.getTriggerState(key) == Trigger.TriggerState.PAUSED;
                out.add(new JobStatusView(
                        job.id(),
                        job.description(),
                        job.cron(),
                        job.pool(),
                        next,
                        paused,
                        Optional.ofNullable(last.get(job.id()))));
            } catch (SchedulerException e) {
                throw new SchedulingException("cannot read job " + job.id() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The next {@code count} fire times of a scheduled job (none for manual-only jobs). */
    public List<Instant> upcoming(String jobId, int count) {
        JobDefinition job = catalog.get(jobId);
        try {
            Trigger t = schedulers.get(job.pool()).getTrigger(TriggerKey.triggerKey(jobId, SCHEDULE_GROUP));
            List<Instant> out = new ArrayList<>();
            Date d = t == null ? null : t.getNextFireTime();
            while (d != null && out.size() < count) {
                out.add(d.toInstant());
                d = t.getFireTimeAfter(d);
            }
            return out;
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot read job " + jobId + ": " + e.getMessage(), e);
        }
    }

    /** The catalog as readers without Quartz see it ({@code scheduled_jobs}). */
    public List<ScheduledJob> catalogView() {
        return catalog.all().stream()
                .map(j -> new ScheduledJob(
                        j.id(),
                        j.description(),
                        j.cron(),
                        ZONE.getId(),
                        j.pool().name(),
                        j.takesDate()))
                .toList();
    }

    @Override
    public boolean takesDate(String jobId) {
        return catalog.get(jobId).takesDate();
    }

    /** Fires the job now on whichever node picks it up; recorded as MANUAL, never retried. */
    @Override
    public void trigger(String jobId, Map<String, String> parameters) {
        JobDefinition job = catalog.get(jobId);
        oneShot(job, new TriggerData(TriggerKind.MANUAL, 1, Optional.empty(), parameters), clock.instant(), "manual");
    }

    @Override
    public void pause(String jobId) {
        JobDefinition job = catalog.get(jobId);
        try {
            schedulers.get(job.pool()).pauseJob(JobKey.jobKey(jobId, JOB_GROUP));
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot pause " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void resume(String jobId) {
        JobDefinition job = catalog.get(jobId);
        try {
            schedulers.get(job.pool()).resumeJob(JobKey.jobKey(jobId, JOB_GROUP));
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot resume " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void scheduleRetry(JobDefinition job, int attempt, Map<String, String> parameters) {
        Instant at = clock.instant().plus(job.backoffBefore(attempt));
        oneShot(job, new TriggerData(TriggerKind.RETRY, attempt, Optional.empty(), parameters), at, "retry");
        log.info("{}: retry {} of {} scheduled for {}", job.id(), attempt - 1, job.retries(), at);
    }

    @Override
    public void schedule(String jobId, Instant due, int coalesced) {
        JobDefinition job = catalog.get(jobId);
        oneShot(
                job,
                new TriggerData(TriggerKind.SCHEDULED, 1, Optional.of(due), Map.of()),
                clock.instant(),
                "coalesced");
        log.info("{}: {} late run(s) within the grace coalesced into one, due {}", jobId, coalesced, due);
    }

    private void oneShot(JobDefinition job, TriggerData data, Instant at, String what) {
        Trigger t = TriggerBuilder.newTrigger()
                .withIdentity(what + "-" + job.id() + "-" + UUID.randomUUID(), ONE_SHOT_GROUP)
                .forJob(job.id(), JOB_GROUP)
                .usingJobData(data.toMap())
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            schedulers.get(job.pool()).scheduleJob(t);
        } catch (SchedulerException e) {
            throw new SchedulingException(
                    "cannot schedule a " + what + " run of " + job.id() + ": " + e.getMessage(), e);
        }
    }

    /** Jobs running on this node now. */
    public List<JobExecutionContext> runningHere() {
        List<JobExecutionContext> out = new ArrayList<>();
        for (Scheduler s : schedulers.values()) {
            try {
                out.addAll(s.getCurrentlyExecutingJobs());
            } catch (SchedulerException e) {
                log.warn("cannot list running jobs: {}", e.getMessage());
            }
        }
        return out;
    }

    /**
     * Stops taking work, lets running jobs finish up to {@code grace} (a fire Quartz was recording as the stop
     * came runs too, rather than wait for recovery), then asks them to stop and waits for them to record their end
     * before the schedulers shut down.
     */
    public void shutdown(Duration grace) {
        for (Scheduler s : schedulers.values()) {
            try {
                s.standby();
            } catch (SchedulerException e) {
                log.warn("standby failed: {}", e.getMessage());
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        // A fire being recorded settles in milliseconds; one held longer means Quartz is retrying a store that
        // does not answer, and there is nothing to wait for.
        long settled = System.nanoTime() + Math.min(grace.toNanos(), FIRE_SETTLE.toNanos());
        while (System.nanoTime() < deadline
                && (!runningHere().isEmpty() || (firesHeld.get() > 0 && System.nanoTime() < settled))) {
            sleep(50);
        }
        if (!runningHere().isEmpty()) {
            log.warn(
                    "{} job(s) still running after {} s: asking them to stop",
                    runningHere().size(),
                    grace.toSeconds());
            shuttingDown = true;
            long stopDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!runningHere().isEmpty() && System.nanoTime() < stopDeadline) {
                sleep(100);
            }
        }
        close();
    }

    @Override
    public void close() {
        shuttingDown = true;
        for (Scheduler s : schedulers.values()) {
            try {
                s.shutdown(false);
            } catch (SchedulerException e) {
                log.warn("scheduler shutdown failed: {}", e.getMessage());
            }
        }
        afterCommit.shutdown();
        FireCountingJobStore.forget(fireCounterKey);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands Quartz connections from our one pool; the pool's lifecycle stays ours. */
    private record PooledConnections(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {}

        @Override
        public void initialize() {}
    }

    static GroupMatcher<JobKey> allJobs() {
        return GroupMatcher.jobGroupEquals(JOB_GROUP);
    }
}
