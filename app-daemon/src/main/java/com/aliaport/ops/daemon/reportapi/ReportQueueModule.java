package com.aliaport.ops.daemon.reportapi;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.RedisAddress;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobTask;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportQueueSettings;
import com.aliaport.ops.reportqueue.ReportReconciler;
import com.aliaport.ops.reportqueue.ReportWorkers;
import com.aliaport.ops.reportqueue.db.PgReportAnnouncer;
import com.aliaport.ops.reportqueue.db.PgReportEvents;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.reportqueue.redis.RedisReportQueue;
import com.aliaport.ops.reportqueue.redis.RedisReportWakeups;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkSigner;
import com.aliaport.ops.storage.ReportFileHousekeeping;
import com.aliaport.ops.storage.ReportStorage;
import com.aliaport.ops.storage.S3ReportStorage;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The report queue wired from the configuration: transport, repository, storage, service, workers,
 * reconciler, live events, HTTP routes and the housekeeping job. The daemon builds one, registers its routes,
 * starts it with the other services and stops it on SIGTERM.
 */
public final class ReportQueueModule implements AutoCloseable {
    /** How long {@link #listen()} waits for its subscriptions to be in place. */
    private static final Duration LISTEN_READY = Duration.ofSeconds(2);

    private final RedisReportQueue queue;
    private final ReportTaskRepository tasks;
    private final ReportStorage storage;
    private final ReportQueueService service;
    private final ReportWorkers workers;
    private final ReportReconciler reconciler;
    private final PgReportEvents events;
    private final PgReportAnnouncer announcer;
    private final Optional<RedisReportWakeups> wakeups;
    private final ReportApi api;
    private final ReportFileHousekeeping housekeeping;
    private final Optional<LinkSigner> signer;

    /**
     * @param redis the configured Redis, or the embedded one the daemon started
     * @param builders the reports this node can build ({@code barinma}, {@code manifest}, {@code cari-ekstre})
     */
    public ReportQueueModule(
            AppConfig config, Database database, RedisAddress redis, Collection<ReportBuilder> builders, Clock clock) {
        ReportQueueSettings settings = ReportQueueSettings.from(config.reports());
        settings.requireRoutedTypesIn(builders.stream().map(ReportBuilder::type).toList());
        this.queue = RedisReportQueue.connect(redis, config.workers()).prepare();
        this.announcer = new PgReportAnnouncer(database.dsl());
        this.events = new PgReportEvents(database.dataSource());
        // Changes are told first to this node's own subscribers, then to the other nodes' (results through Redis,
        // which wakes a waiter on another node sooner) and to every process (NOTIFY): each telling wakes a thread,
        // and on two cores the first woken runs first.
        // Behind Sentinels the wake-ups would have to follow the master as it moves: there a waiter on another node
        // is woken by NOTIFY (a few milliseconds later), as before the wake-ups existed.
        this.wakeups = redis instanceof RedisAddress.Direct direct
                ? Optional.of(new RedisReportWakeups(direct.url(), RedisReportQueue.PREFIX, events))
                : Optional.empty();
        ReportChanges here = events;
        ReportChanges others = wakeups.<ReportChanges>map(w -> w).orElse(id -> {});
        this.tasks =
                new ReportTaskRepository(database.dsl(), here.andThen(others).andThen(announcer));
        this.signer = linkSigner(config);
        this.storage = storage(config, clock, signer);
        this.workers = new ReportWorkers(
                tasks,
                queue,
                storage,
                builders,
                settings,
                clock,
                config.nodeId(),
                config.workers(),
                config.home().resolve("tmp").resolve(config.nodeId()));
        this.service = new ReportQueueService(tasks, queue, builders, settings, clock, workers.localSlots(), events);
        this.reconciler = new ReportReconciler(tasks, queue, settings, clock);
        this.api = new ReportApi(
                service,
                storage,
                events,
                config.http().usersByToken(),
                clock,
                config.http().sseStreamsPerUser());
        this.housekeeping = new ReportFileHousekeeping(tasks, storage);
    }

    /** The signer of folder-storage links; none for S3, whose links S3 itself signs. */
    private static Optional<LinkSigner> linkSigner(AppConfig config) {
        return config.storage() instanceof AppConfig.FolderStorage
                ? Optional.of(LinkSigner.configuredOrKeptIn(config.reports().linkSecret(), config.home()))
                : Optional.empty();
    }

    /** Folder storage links point at this daemon: {@code ALIAPORT_PUBLIC_URL}, else the HTTP listener. */
    private static ReportStorage storage(AppConfig config, Clock clock, Optional<LinkSigner> signer) {
        return switch (config.storage()) {
            case AppConfig.FolderStorage folder -> {
                URI base = config.reports()
                        .publicUrl()
                        .orElseGet(() -> URI.create((config.http().tls().isPresent() ? "https://" : "http://")
                                + (config.http().bind().equals("0.0.0.0")
                                        ? "127.0.0.1"
                                        : config.http().bind())
                                + ":" + config.http().port()));
                yield new FolderReportStorage(folder.directory(), base, signer.orElseThrow(), clock);
            }
            case AppConfig.S3Storage s3 -> S3ReportStorage.create(s3);
        };
    }

    /** Adds the report routes to the daemon's HTTP server (before it starts). */
    public void register(Javalin app) {
        api.register(app);
    }

    /** Starts the live-event listener, the reconciler and the worker slots ({@code ALIAPORT_WORKERS}; 0 = none). */
    public void start() {
        announcer.start();
        events.start();
        wakeups.ifPresent(RedisReportWakeups::start);
        reconciler.start();
        workers.start();
    }

    /**
     * Starts only what tells this process of task changes (LISTEN, the Redis wake-ups) and waits up to 2 s for them to
     * be in place: for a process that waits for a task run elsewhere (the CLI's {@code reports submit --wait}), woken
     * by its end instead of its poll.
     */
    public void listen() {
        events.start();
        wakeups.ifPresent(RedisReportWakeups::start);
        // Both subscribe in threads of their own: an end written before they are in place is found by the poll.
        long deadline = System.nanoTime() + LISTEN_READY.toNanos();
        while (!(events.listening()
                        && wakeups.map(RedisReportWakeups::listening).orElse(true))
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public ReportQueueService service() {
        return service;
    }

    /**
     * Announces the task's current row on {@code report_progress} now, from the calling thread: for a process that
     * changed a task without {@link #start()}ing the module (the CLI's {@code reports cancel|requeue}), so that
     * the console's desk sees the change.
     */
    public void announceNow(java.util.UUID taskId) {
        announcer.announceNow(List.of(taskId));
    }

    /** Body of job {@value ReportFileHousekeeping#JOB_ID} (e.g. hourly): removes expired report files. */
    public JobTask housekeeping() {
        return housekeeping;
    }

    /** The fingerprint of the link secret this node signs download links with; empty with S3 storage. */
    public Optional<String> linkSecretFingerprint() {
        return signer.map(LinkSigner::fingerprint);
    }

    public ReportStorage storage() {
        return storage;
    }

    public List<String> queues() {
        return RedisReportQueue.QUEUES;
    }

    /** Open tasks waiting in {@code queue}, for the {@code report_queue_length} gauge. */
    public long waiting(String queue) {
        return tasks.openCountByQueue().getOrDefault(queue, 0L);
    }

    /** Stops taking work and lets running reports finish for up to {@code grace}; leases cover the rest. */
    public void stop(Duration grace) {
        service.close();
        workers.stop(grace);
        reconciler.close();
        wakeups.ifPresent(RedisReportWakeups::close);
        events.close();
        announcer.close();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
        queue.close();
        if (storage instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // shutting down
            }
        }
    }
}
