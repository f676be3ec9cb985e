package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.reportqueue.redis.RedisReportWakeups;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TcpProxy;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import com.aliaport.ops.testsupport.reports.TestReports;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The wake-ups of waiters on other nodes through Redis pub/sub, on the real PostgreSQL and Redis. */
@ExtendWith(PostgresExtension.class)
class RedisReportWakeupsIT {
    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T opened(T c) {
        opened.add(c);
        return c;
    }

    @Test
    void a_result_written_on_one_node_wakes_a_waiter_on_another_only_once_it_is_committed(Database db)
            throws Exception {
        // GIVEN a worker node and a waiter node, each with its own wake-ups connection
        List<ReportBuilder> builders = List.of(TestReports.xlsx("barinma"));
        ReportQueueFixture fixture = opened(ReportQueueFixture.inFolder(db, ReportQueueFixture.fast(), dir, builders));
        ReportTaskRepository waiterReads = new ReportTaskRepository(db.dsl());
        BlockingQueue<ReportState> readAtWakeUp = new LinkedBlockingQueue<>();
        RedisReportWakeups waiterNode = opened(new RedisReportWakeups(
                        ReportQueueFixture.redisUri(),
                        fixture.prefix,
                        id -> readAtWakeUp.add(
                                waiterReads.find(id).orElseThrow().state()))
                .start());
        List<UUID> ownEchoes = new CopyOnWriteArrayList<>();
        RedisReportWakeups workerNode =
                opened(new RedisReportWakeups(ReportQueueFixture.redisUri(), fixture.prefix, ownEchoes::add).start());
        awaitTrue(() -> waiterNode.listening() && workerNode.listening());
        ReportWorkers workers = opened(new ReportWorkers(
                new ReportTaskRepository(db.dsl(), workerNode),
                fixture.queue,
                fixture.storage,
                builders,
                fixture.settings,
                Clock.systemUTC(),
                "node-a",
                1,
                dir.resolve("scratch")));
        workers.start();

        // WHEN a report is submitted and runs on the worker node
        ReportTask task = fixture.service
                .submit(new ReportQueueService.SubmitRequest(
                        "barinma",
                        Map.of("date_from", "2026-03-01", "date_to", "2026-03-31", "rows", 5),
                        "u1",
                        Optional.empty()))
                .task();

        // THEN the waiter is woken for the result, and the read made at the wake-up already shows SUCCESS
        ReportState last = null;
        Instant deadline = Instant.now().plusSeconds(20);
        while (last != ReportState.SUCCESS && Instant.now().isBefore(deadline)) {
            ReportState s = readAtWakeUp.poll(200, TimeUnit.MILLISECONDS);
            last = s == null ? last : s;
        }
        assertThat(last).isEqualTo(ReportState.SUCCESS);
        assertThat(fixture.tasks.find(task.id()).orElseThrow().state()).isEqualTo(ReportState.SUCCESS);
        // and the worker node is not woken by its own messages (its own waiters were told directly)
        assertThat(ownEchoes).isEmpty();
    }

    @Test
    void a_waiter_cut_off_from_redis_subscribes_again_and_is_woken_by_later_results() throws Exception {
        // GIVEN a waiter whose connection to Redis goes through a proxy
        URI redis = ReportQueueFixture.redisUri();
        String prefix = "aliaport:test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        TcpProxy proxy = opened(new TcpProxy(redis.getHost(), redis.getPort()));
        URI viaProxy = URI.create("redis://127.0.0.1:" + proxy.port() + redis.getPath());
        BlockingQueue<UUID> woken = new LinkedBlockingQueue<>();
        RedisReportWakeups waiter = opened(new RedisReportWakeups(viaProxy, prefix, woken::add).start());
        RedisReportWakeups writer = opened(new RedisReportWakeups(redis, prefix, id -> {}).start());
        awaitTrue(waiter::listening);

        // WHEN the connection is cut, then comes back
        proxy.cut();
        awaitTrue(() -> !waiter.listening());
        proxy.restore();
        awaitTrue(waiter::listening);
        UUID finished = UUID.randomUUID();
        writer.finished(finished);

        // THEN the result published after the outage wakes the waiter
        assertThat(woken.poll(10, TimeUnit.SECONDS)).isEqualTo(finished);
    }

    @Test
    void a_node_alone_on_the_channel_keeps_its_wake_ups_to_itself_until_another_listens() throws Exception {
        // GIVEN a node that alone listens on its wake-ups' channel
        URI redis = ReportQueueFixture.redisUri();
        String prefix = "aliaport:test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        RedisReportWakeups alone = opened(new RedisReportWakeups(redis, prefix, id -> {}).start());
        awaitTrue(alone::listening);

        // WHEN it finishes tasks one after another
        for (int i = 0; i < 10; i++) {
            alone.finished(UUID.randomUUID());
            Thread.sleep(20);
        }

        // THEN its first message told it nobody else listens, and the next ones were not sent, nor even handed to the
        // publisher's thread (not woken for them)
        awaitTrue(() -> alone.published() >= 1);
        assertThat(alone.published()).isLessThanOrEqualTo(2);
        assertThat(alone.queued()).isLessThanOrEqualTo(2);

        // WHEN another node listens
        BlockingQueue<UUID> woken = new LinkedBlockingQueue<>();
        RedisReportWakeups other = opened(new RedisReportWakeups(redis, prefix, woken::add).start());
        awaitTrue(other::listening);

        // THEN the first node's wake-ups reach it again once the pause is over
        UUID reached = null;
        Instant deadline = Instant.now().plus(RedisReportWakeups.ALONE_RECHECK.multipliedBy(5));
        while (reached == null && Instant.now().isBefore(deadline)) {
            alone.finished(UUID.randomUUID());
            reached = woken.poll(100, TimeUnit.MILLISECONDS);
        }
        assertThat(reached).isNotNull();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(20);
        }
    }
}
