package com.aliaport.ops.testsupport.reports;

import com.aliaport.ops.config.Secret;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.ReportQueueSettings;
import com.aliaport.ops.reportqueue.ReportReconciler;
import com.aliaport.ops.reportqueue.ReportWorkers;
import com.aliaport.ops.reportqueue.db.PgReportAnnouncer;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.reportqueue.redis.RedisReportQueue;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkSigner;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * A report worker node in its own JVM, for the crash tests: {@code jdbcUrl user redisUri prefix folder nodeId
 * slots retries}. Runs workers and a reconciler until killed.
 */
public final class WorkerProcessMain {
    public static void main(String[] args) throws InterruptedException {
        Database db =
                Database.connect(new ConnectionSettings(args[0], args[1], Optional.empty()), "worker-" + args[5], 4);
        JedisPooled redis = new JedisPooled(URI.create(args[2]), 10_000);
        RedisReportQueue queue = new RedisReportQueue(redis, args[3]).prepare();
        ReportTaskRepository tasks = new ReportTaskRepository(db.dsl(), new PgReportAnnouncer(db.dsl()).start());
        ReportQueueSettings settings =
                ReportQueueFixture.withRetries(ReportQueueFixture.fast(), Integer.parseInt(args[7]));
        Path folder = Path.of(args[4]);
        FolderReportStorage storage = new FolderReportStorage(
                folder.resolve("files"),
                URI.create("http://127.0.0.1:8080"),
                new LinkSigner(new Secret("0123456789abcdef0123")),
                Clock.systemUTC());
        new ReportReconciler(tasks, queue, settings, Clock.systemUTC()).start();
        new ReportWorkers(
                        tasks,
                        queue,
                        storage,
                        List.of(TestReports.xlsx("barinma")),
                        settings,
                        Clock.systemUTC(),
                        args[5],
                        Integer.parseInt(args[6]),
                        folder.resolve("scratch").resolve(args[5]))
                .start();
        System.out.println("worker " + args[5] + " ready");
        Thread.currentThread().join();
    }
}
