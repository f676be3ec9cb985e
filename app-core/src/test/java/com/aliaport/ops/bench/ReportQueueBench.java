package com.aliaport.ops.bench;

import com.aliaport.ops.config.Secret;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.reportqueue.ReportEvents;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportQueueSettings;
import com.aliaport.ops.reportqueue.ReportReconciler;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportWorkers;
import com.aliaport.ops.reportqueue.db.PgReportAnnouncer;
import com.aliaport.ops.reportqueue.db.PgReportEvents;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.reportqueue.redis.RedisReportQueue;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkSigner;
import com.aliaport.ops.testsupport.TestPostgres;
import com.aliaport.ops.testsupport.TestRedis;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPooled;

/**
 * The queue's side of the Celery comparison (bench/queue-vs-celery.sh): a no-op report through the whole
 * durable path (PostgreSQL claim with fencing token, Redis stream, scratch file, folder storage, SUCCESS),
 * on the local PostgreSQL and Redis. Args: tasks (5000), single round trips (300), worker slots (2).
 * Prints throughput over the batch and p50/p99 of enqueue-to-done of single tasks (done seen via NOTIFY).
 */
public final class ReportQueueBench {
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int singles = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int slots = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int producers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        ConnectionSettings pg = TestPostgres.newDatabase();
        Path dir = Files.createTempDirectory("queue-bench");
        String prefix = "aliaport:bench:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        URI redisUri = URI.create(TestRedis.uri().toString().replaceFirst("/\\d+$", "") + "/12");
        try (Database db = Database.connect(pg, "bench", 10);
                JedisPooled redis = new JedisPooled(redisUri, 10_000)) {
            // Pool sized like the daemon's: one blocking read per slot plus room for submissions.
            RedisReportQueue queue = RedisReportQueue.connect(redisUri, slots + producers, prefix)
                    .prepare();
            PgReportAnnouncer announcer = new PgReportAnnouncer(db.dsl()).start();
            ReportTaskRepository repo = new ReportTaskRepository(db.dsl(), announcer);
            ReportQueueSettings settings = new ReportQueueSettings(
                    Duration.ofSeconds(540),
                    Duration.ofSeconds(600),
                    3,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(2),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(1),
                    1_000_000,
                    1_000_000,
                    Duration.ofMinutes(15),
                    Duration.ofDays(7),
                    Map.of());
            List<ReportBuilder> builders = List.of(new NoOp());
            FolderReportStorage storage = new FolderReportStorage(
                    dir.resolve("files"),
                    URI.create("http://127.0.0.1:8080"),
                    new LinkSigner(new Secret("bench-secret-0123456789")),
                    Clock.systemUTC());
            ReportQueueService service = new ReportQueueService(repo, queue, builders, settings, Clock.systemUTC());
            ReportReconciler reconciler = new ReportReconciler(repo, queue, settings, Clock.systemUTC());
            ReportWorkers workers = new ReportWorkers(
                    repo,
                    queue,
                    storage,
                    builders,
                    settings,
                    Clock.systemUTC(),
                    "bench",
                    slots,
                    dir.resolve("scratch"));
            PgReportEvents events = new PgReportEvents(db.dataSource()).start();
            reconciler.start();
            workers.start();

            // Warm-up: pools and the JIT (which still compiled at 500 tasks), not measured.
            runBatch(service, repo, 2000, producers);

            long t0 = System.nanoTime();
            runBatch(service, repo, tasks, producers);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "ours: %d tasks in %.2f s = %.0f tasks/s (%d slots, %d submitting threads)%n",
                    tasks, seconds, tasks / seconds, slots, producers);

            double[] ms = new double[singles];
            for (int i = 0; i < singles; i++) {
                ms[i] = roundTrip(service, events, i);
            }
            Arrays.sort(ms);
            System.out.printf(
                    "ours: round trip of %d single tasks: p50 %.1f ms, p99 %.1f ms%n",
                    singles, ms[singles / 2], ms[(int) Math.ceil(singles * 0.99) - 1]);

            workers.stop(Duration.ofSeconds(5));
            reconciler.close();
            events.close();
            announcer.close();
            queue.close();
            for (String key : redis.keys(prefix + "*")) {
                redis.del(key);
            }
        } finally {
            TestPostgres.drop(pg);
        }
        System.exit(0);
    }

    /** Submits {@code n} tasks from {@code producers} threads (an API under concurrent requests), waits for all. */
    private static void runBatch(ReportQueueService service, ReportTaskRepository repo, int n, int producers)
            throws InterruptedException {
        long t0 = System.nanoTime();
        List<UUID> ids = java.util.Collections.synchronizedList(new ArrayList<>(n));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    ids.add(service.submit(new ReportQueueService.SubmitRequest(
                                    "noop", Map.of(), "user-" + (i % 100), Optional.empty()))
                            .task()
                            .id());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("ours:   submitted %d in %.2f s%n", n, (System.nanoTime() - t0) / 1e9);
        // Wait on the newest task (a primary-key read per poll, like Celery's bench waiting on its results), then
        // for stragglers: counting the open tasks every few milliseconds would load the server being measured.
        while (repo.find(ids.get(n - 1)).orElseThrow().state() != ReportState.SUCCESS) {
            Thread.sleep(5);
        }
        while (repo.openCount() > 0) {
            Thread.sleep(5);
        }
    }

    private static double roundTrip(ReportQueueService service, ReportEvents events, int i)
            throws InterruptedException {
        Semaphore changed = new Semaphore(0);
        long t0 = System.nanoTime();
        var task = service.submit(
                        new ReportQueueService.SubmitRequest("noop", Map.of(), "single-" + (i % 100), Optional.empty()))
                .task();
        try (ReportEvents.Subscription sub = events.subscribe(task.id(), changed::release)) {
            while (service.find(task.id()).orElseThrow().state() != ReportState.SUCCESS) {
                changed.tryAcquire(50, TimeUnit.MILLISECONDS);
            }
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** A report that writes nothing: the queue's own cost is what is measured. */
    private static final class NoOp implements ReportBuilder {
        @Override
        public String type() {
            return "noop";
        }

        @Override
        public Map<String, String> validate(Map<String, Object> raw) {
            return Map.of();
        }

        @Override
        public void write(Map<String, String> parameters, OutputStream out, ReportProgress progress) {}
    }
}
