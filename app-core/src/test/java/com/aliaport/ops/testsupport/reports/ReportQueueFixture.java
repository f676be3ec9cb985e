package com.aliaport.ops.testsupport.reports;

import com.aliaport.ops.config.Secret;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.reportqueue.LocalSlots;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportEvents;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportQueueSettings;
import com.aliaport.ops.reportqueue.ReportReconciler;
import com.aliaport.ops.reportqueue.ReportWorkers;
import com.aliaport.ops.reportqueue.db.PgReportAnnouncer;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.reportqueue.redis.RedisReportQueue;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkSigner;
import com.aliaport.ops.storage.ReportStorage;
import com.aliaport.ops.testsupport.TestRedis;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;

/**
 * The report queue wired for a test on the real PostgreSQL and Redis: a Redis key prefix of its own (so tests
 * never see each other's streams), short leases and intervals so that faults resolve in seconds.
 */
public final class ReportQueueFixture implements AutoCloseable {
    public final String prefix = "aliaport:test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    public final JedisPooled redis;
    public final RedisReportQueue queue;
    public final PgReportAnnouncer announcer;
    public final ReportTaskRepository tasks;
    public final ReportQueueService service;
    public final ReportReconciler reconciler;
    public final ReportStorage storage;
    public final ReportQueueSettings settings;
    private final List<ReportBuilder> builders;
    private final Path scratch;
    private final List<ReportWorkers> started = new ArrayList<>();
    private final List<ReportQueueService> services = new ArrayList<>();

    public ReportQueueFixture(
            Database db,
            ReportQueueSettings settings,
            ReportStorage storage,
            List<ReportBuilder> builders,
            Path scratch) {
        this(db, settings, storage, builders, scratch, ReportChanges.NONE);
    }

    /** With {@code toldFirst} told of every change before the announcer (a process's own waiters, as the daemon's). */
    public ReportQueueFixture(
            Database db,
            ReportQueueSettings settings,
            ReportStorage storage,
            List<ReportBuilder> builders,
            Path scratch,
            ReportChanges toldFirst) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(32);
        this.redis = new JedisPooled(pool, redisUri(), 10_000);
        this.queue = new RedisReportQueue(redis, prefix).prepare();
        this.announcer = new PgReportAnnouncer(db.dsl()).start();
        this.tasks = new ReportTaskRepository(db.dsl(), toldFirst.andThen(announcer));
        this.settings = settings;
        this.storage = storage;
        this.builders = builders;
        this.scratch = scratch;
        this.service = new ReportQueueService(tasks, queue, builders, settings, Clock.systemUTC());
        this.reconciler = new ReportReconciler(tasks, queue, settings, Clock.systemUTC());
    }

    /** A fixture storing reports in {@code dir/files} (links to 127.0.0.1:8080), scratch files in {@code dir/scratch}. */
    public static ReportQueueFixture inFolder(
            Database db, ReportQueueSettings settings, Path dir, List<ReportBuilder> builders) {
        return inFolder(db, settings, dir, builders, ReportChanges.NONE);
    }

    /** As {@link #inFolder(Database, ReportQueueSettings, Path, List)}, with {@code toldFirst} told of changes first. */
    public static ReportQueueFixture inFolder(
            Database db,
            ReportQueueSettings settings,
            Path dir,
            List<ReportBuilder> builders,
            ReportChanges toldFirst) {
        FolderReportStorage storage = new FolderReportStorage(
                dir.resolve("files"),
                URI.create("http://127.0.0.1:8080"),
                new LinkSigner(new Secret("0123456789abcdef0123")),
                Clock.systemUTC());
        return new ReportQueueFixture(db, settings, storage, builders, dir.resolve("scratch"), toldFirst);
    }

    /** Redis database 11 of the test Redis: ours alone, so FLUSHDB in a test hurts no one else's tests. */
    public static URI redisUri() {
        return URI.create(TestRedis.uri().toString().replaceFirst("/\\d+$", "") + "/11");
    }

    /** Seconds-scale settings: 3 s lease, 0.5 s heartbeat, retries after 0.2 s, 0.8 s … */
    public static ReportQueueSettings fast() {
        return new ReportQueueSettings(
                Duration.ofSeconds(30),
                Duration.ofSeconds(40),
                3,
                Duration.ofMillis(200),
                Duration.ofSeconds(3),
                Duration.ofMillis(500),
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                Duration.ofMillis(300),
                10_000,
                100_000,
                Duration.ofMinutes(15),
                Duration.ofDays(7),
                Map.of());
    }

    public static ReportQueueSettings fast(Duration soft, Duration hard) {
        ReportQueueSettings f = fast();
        return vary(f, soft, hard, f.retries(), f.ratePerMinute(), f.backlogLimit(), f.linkTtl());
    }

    public static ReportQueueSettings limited(int ratePerMinute, int backlogLimit) {
        ReportQueueSettings f = fast();
        return vary(f, f.softLimit(), f.hardLimit(), f.retries(), ratePerMinute, backlogLimit, f.linkTtl());
    }

    public static ReportQueueSettings withRetries(ReportQueueSettings f, int retries) {
        return vary(f, f.softLimit(), f.hardLimit(), retries, f.ratePerMinute(), f.backlogLimit(), f.linkTtl());
    }

    public static ReportQueueSettings withLinkTtl(ReportQueueSettings f, Duration linkTtl) {
        return vary(f, f.softLimit(), f.hardLimit(), f.retries(), f.ratePerMinute(), f.backlogLimit(), linkTtl);
    }

    /** {@code f} with the values tests vary replaced (the record has no withers). */
    private static ReportQueueSettings vary(
            ReportQueueSettings f,
            Duration soft,
            Duration hard,
            int retries,
            int ratePerMinute,
            int backlogLimit,
            Duration linkTtl) {
        return new ReportQueueSettings(
                soft,
                hard,
                retries,
                f.retryBackoff(),
                f.lease(),
                f.heartbeat(),
                f.progressInterval(),
                f.cancelGrace(),
                f.reconcileInterval(),
                ratePerMinute,
                backlogLimit,
                linkTtl,
                f.fileRetention(),
                f.routing());
    }

    public ReportWorkers startWorkers(String node, int slots) {
        ReportWorkers w = new ReportWorkers(
                tasks, queue, storage, builders, settings, Clock.systemUTC(), node, slots, scratch.resolve(node));
        w.start();
        started.add(w);
        return w;
    }

    /** A service that hands submissions to {@code slots} (a node's waiting worker slots), closed with the fixture. */
    public ReportQueueService serviceWith(LocalSlots slots) {
        return serviceWith(slots, ReportEvents.NONE);
    }

    /** As {@link #serviceWith(LocalSlots)}, its waits woken by {@code events}. */
    public ReportQueueService serviceWith(LocalSlots slots, ReportEvents events) {
        ReportQueueService s =
                new ReportQueueService(tasks, queue, builders, settings, Clock.systemUTC(), slots, events);
        services.add(s);
        return s;
    }

    public void flushRedis() {
        redis.flushDB();
    }

    @Override
    public void close() {
        service.close();
        services.forEach(ReportQueueService::close);
        reconciler.close();
        started.forEach(w -> w.stop(Duration.ofSeconds(5)));
        announcer.close();
        for (String key : redis.keys(prefix + "*")) {
            redis.del(key);
        }
        redis.close();
    }
}
