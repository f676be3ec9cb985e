package com.aliaport.ops.daemon.ha;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.daemon.testsupport.PrivatePostgres;
import com.aliaport.ops.daemon.testsupport.PrivateRedis;
import com.aliaport.ops.daemon.testsupport.ReportLoad;
import com.aliaport.ops.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Faults together: three real daemon processes on a private PostgreSQL and a private Redis, 200 reports from four
 * users sent while a per-second job fires and, on a seeded random schedule, a node is killed with -9 and started
 * again, a node is SIGTERMed and started again, a node is paused (SIGSTOP) for 12 s, Redis is killed and started
 * empty, PostgreSQL is stopped for 10 s.
 * Afterwards every report is SUCCESS once with one file, no fire time ran twice, every fire time left a row (its
 * run, or one saying why it did not run), no run is left RUNNING, every node
 * is healthy again by itself, and no ERROR was logged outside the faults' windows. The seed is printed
 * ({@code [chaos] seed …}); {@code -Dchaos.seed=N} replays a schedule.
 */
@Tag("chaos")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosIT {
    private static final List<String> USERS = List.of("ayse", "mehmet", "zeynep", "can");
    private static final int REPORTS = 200;
    private static final Duration PG_OUTAGE = Duration.ofSeconds(10);
    /** Longer than check-in (2 s) plus Quartz's 7.5 s margin: the others take the paused node for dead. */
    private static final Duration PAUSE = Duration.ofSeconds(12);
    /** ERRORs this long after a fault ended are still its own (back-offs log their last failure late). */
    private static final Duration AFTERMATH = Duration.ofSeconds(20);

    private enum Fault {
        KILL_AND_RESTART,
        SIGTERM_AND_RESTART,
        REDIS_RESTARTED_EMPTY,
        POSTGRES_STOPPED,
        /** SIGSTOP for longer than Quartz's failure detection, then SIGCONT: its check-ins stop, then resume late. */
        PAUSED
    }

    private record Window(Fault fault, String target, Instant from, Instant to) {}

    private final long seed = Long.getLong("chaos.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private PrivatePostgres pg;
    private PrivateRedis redis;
    private Map<String, String> env;
    private final AtomicReferenceArray<DaemonNode> nodes = new AtomicReferenceArray<>(3);
    /** One lock per node slot: two faults on one node take turns, so a node id never runs twice at once. */
    private final Object[] slots = {new Object(), new Object(), new Object()};

    private final List<DaemonNode> everyProcess = new CopyOnWriteArrayList<>();
    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private final ReportLoad load = ReportLoad.inTempFolder(USERS);

    @BeforeAll
    void three_daemons_on_a_private_postgresql_and_redis() {
        System.out.println("[chaos] seed " + seed + " (replay: -Dchaos.seed=" + seed + ")");
        pg = PrivatePostgres.startAlone();
        redis = PrivateRedis.start();
        env = new HashMap<>(load.daemonEnvironment());
        env.put("ALIAPORT_REDIS_URL", redis.url());
        env.put("ALIAPORT_WORKERS", "2");
        env.put("ALIAPORT_DIAG_TICK_CRON", "* * * * * ?");
        env.put("ALIAPORT_SHUTDOWN_GRACE_SECONDS", "10");
        for (int i = 0; i < 3; i++) {
            DaemonNode node = DaemonNode.start(pg.primary(), "node-chaos-" + i, env);
            nodes.set(i, node);
            everyProcess.add(node);
        }
    }

    @AfterAll
    void stop_everything() {
        everyProcess.forEach(DaemonNode::close);
        if (redis != null) {
            redis.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void reports_and_a_per_second_job_come_through_kills_a_sigterm_a_pause_a_redis_wipe_and_a_postgresql_stop()
            throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        Instant began = Instant.now();
        Future<List<UUID>> sent = pool.submit(this::sendReports);
        List<Future<?>> faults = new ArrayList<>();
        for (Fault f : schedule()) {
            DaemonNode.sleep(2_000 + random.nextInt(4_000));
            int node = random.nextInt(3);
            faults.add(pool.submit(() -> inject(f, node)));
        }
        for (Future<?> f : faults) {
            f.get(5, TimeUnit.MINUTES);
        }
        List<UUID> ids = sent.get(5, TimeUnit.MINUTES);
        Instant faultsOver = Instant.now();
        pool.shutdown();

        try (Database db = Database.connect(pg.primary(), "test", 2)) {
            DSLContext dsl = db.dsl();
            // Every report SUCCESS once, one file each, no file without its task.
            ReportLoad.awaitAllSucceeded(dsl, ids, Duration.ofSeconds(180));
            load.assertEachSucceededOnceWithOneFile(dsl, ids);
            assertThat(ids).hasSize(REPORTS);

            // Every per-second fire time ran at most once; none left RUNNING.
            // A start the run guard refused (a paused or cut-off node still held the job) is a SKIPPED row with the
            // same fire time, a fire time found too late a MISSED one: neither ran. Rows that ran are the rest.
            assertThat(dsl.fetch("""
                            SELECT scheduled_at, string_agg(status || ' on ' || coalesce(node_id, '?') || ': '
                                   || coalesce(left(coalesce(message, error), 120), ''), ' | ' ORDER BY id) AS runs
                              FROM job_runs WHERE job_id = 'diag_tick' AND trigger_kind = 'SCHEDULED'
                               AND status NOT IN ('SKIPPED', 'MISSED')
                             GROUP BY scheduled_at HAVING count(*) > 1""").intoMaps()).as("fire times run twice").isEmpty();
            Await.until(
                    Duration.ofSeconds(60),
                    () -> dsl.fetch("SELECT id, job_id, node_id, started_at FROM job_runs WHERE status = 'RUNNING'"
                                    + " AND started_at < now() - interval '10 seconds'")
                            .intoMaps(),
                    List::isEmpty,
                    "no run to be left RUNNING");

            // Every node healthy again, without a hand.
            for (int i = 0; i < 3; i++) {
                DaemonNode node = nodes.get(i);
                assertThat(node.alive()).as(node.nodeId()).isTrue();
                Await.until(
                        Duration.ofSeconds(30),
                        () -> health(node),
                        h -> "UP".equals(h.get("status"))
                                && h.get("database") instanceof Map<?, ?> d
                                && "UP".equals(d.get("status")),
                        node.nodeId() + " to be healthy with PostgreSQL answering");
            }

            // Every fire time of the faults' span left a row: its run, or why it did not run (MISSED past the
            // grace; SKIPPED: superseded by or coalesced into a later run, or refused by the run guard).
            List<Map<String, Object>> unaccounted =
                    dsl.fetch("""
                            SELECT due FROM generate_series(date_trunc('second', ?::timestamptz) + interval '1 second',
                                                            date_trunc('second', ?::timestamptz), interval '1 second') AS due
                             WHERE NOT EXISTS (SELECT 1 FROM job_runs r WHERE r.job_id = 'diag_tick'
                                     AND due BETWEEN r.scheduled_at AND coalesce(r.scheduled_until, r.scheduled_at))
                             ORDER BY due""", began.toString(), faultsOver.toString()).intoMaps();
            Map<String, Object> accounts =
                    dsl.fetchOne("""
                    SELECT count(*) FILTER (WHERE status NOT IN ('SKIPPED', 'MISSED')) AS ran,
                           count(*) FILTER (WHERE status = 'SKIPPED' AND message LIKE 'superseded%') AS superseded,
                           count(*) FILTER (WHERE status = 'SKIPPED' AND message LIKE '%coalesced%') AS coalesced,
                           count(*) FILTER (WHERE status = 'SKIPPED' AND message LIKE 'not started%') AS refused,
                           count(*) FILTER (WHERE status = 'MISSED') AS missed
                      FROM job_runs WHERE job_id = 'diag_tick'
                       AND scheduled_at BETWEEN ?::timestamptz AND ?::timestamptz""", began.toString(), faultsOver.toString()).intoMap();
            System.out.printf(
                    "[chaos] seed %d: %d reports SUCCESS once; %d faults %s; per-second job over %d s: %s,"
                            + " none twice; fire times without a row: %s%n",
                    seed,
                    ids.size(),
                    windows.size(),
                    windows.stream()
                            .map(w -> w.fault() + "(" + w.target() + ")")
                            .toList(),
                    Duration.between(began, faultsOver).toSeconds(),
                    accounts,
                    unaccounted.size());
            if (!unaccounted.isEmpty()) {
                System.out.println("[chaos] fire times without a row: "
                        + unaccounted.stream().map(m -> m.get("due")).toList());
                System.out.println("[chaos] fault windows: " + windows);
            }
            assertThat(unaccounted)
                    .as("fire times neither run nor recorded as not run")
                    .isEmpty();
        }

        // No ERROR in any node's log outside the faults' windows.
        List<String> unexplained = new ArrayList<>();
        for (DaemonNode node : everyProcess) {
            node.logText()
                    .lines()
                    .filter(l -> l.contains(" ERROR "))
                    .filter(l -> !explained(l))
                    .forEach(l -> unexplained.add(node.nodeId() + ": " + l));
        }
        assertThat(unexplained).as("ERROR lines no injected fault explains").isEmpty();
    }

    /** Each kind of fault once, and two more kills, in a seeded order. */
    private List<Fault> schedule() {
        List<Fault> faults = new ArrayList<>(List.of(Fault.values()));
        faults.add(Fault.KILL_AND_RESTART);
        faults.add(Fault.KILL_AND_RESTART);
        Collections.shuffle(faults, random);
        System.out.println("[chaos] schedule " + faults);
        return faults;
    }

    /** {@code i}: the node a kill or SIGTERM hits (drawn from the seed with the schedule). */
    private void inject(Fault fault, int i) {
        Instant from = Instant.now();
        String target;
        switch (fault) {
            case KILL_AND_RESTART, SIGTERM_AND_RESTART -> {
                target = "node-chaos-" + i;
                synchronized (slots[i]) {
                    DaemonNode node = nodes.get(i);
                    if (fault == Fault.KILL_AND_RESTART) {
                        node.kill();
                    } else {
                        node.terminate(Duration.ofSeconds(60));
                    }
                    DaemonNode.sleep(1_000);
                    DaemonNode again = restart(target);
                    nodes.set(i, again);
                    everyProcess.add(again);
                }
            }
            case PAUSED -> {
                target = "node-chaos-" + i;
                synchronized (slots[i]) {
                    DaemonNode node = nodes.get(i);
                    signal("STOP", node);
                    DaemonNode.sleep(PAUSE.toMillis());
                    signal("CONT", node);
                }
            }
            case REDIS_RESTARTED_EMPTY -> {
                target = "redis";
                redis.kill();
                DaemonNode.sleep(1_000);
                redis.startEmpty();
            }
            case POSTGRES_STOPPED -> {
                target = "postgresql";
                pg.stopPrimary();
                DaemonNode.sleep(PG_OUTAGE.toMillis());
                pg.restartPrimary();
            }
            default -> throw new IllegalStateException(fault.name());
        }
        windows.add(new Window(fault, target, from, Instant.now()));
        System.out.println("[chaos] " + fault + " " + target + " from " + from + " to " + Instant.now());
    }

    private static void signal(String name, DaemonNode node) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(node.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                    .as("kill -%s %s", name, node.nodeId())
                    .isTrue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the node again, waiting out a PostgreSQL outage that stops its start. */
    private DaemonNode restart(String nodeId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                return DaemonNode.start(pg.primary(), nodeId, env);
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                DaemonNode.sleep(1_000);
            }
        }
    }

    /** 200 reports, about ten a second, each to a live node and again to another until one takes it. */
    private List<UUID> sendReports() {
        List<UUID> ids = new ArrayList<>();
        for (int r = 0; r < REPORTS; r++) {
            String user = USERS.get(r % USERS.size());
            String key = "chaos-" + seed + "-" + r;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Optional<UUID> id = Optional.empty();
            for (int attempt = 0; id.isEmpty(); attempt++) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("report " + r + " accepted by no node in 120 s");
                }
                DaemonNode node = nodes.get((r + attempt) % 3);
                id = node.alive()
                        ? load.submit(node, user, "barinma", ReportLoad.BARINMA_MARCH, Optional.of(key))
                        : Optional.empty();
                if (id.isEmpty()) {
                    DaemonNode.sleep(200);
                }
            }
            ids.add(id.get());
            DaemonNode.sleep(100);
        }
        return ids;
    }

    private static Map<?, ?> health(DaemonNode node) {
        try {
            return (Map<?, ?>) Json.read(node.get("/api/scheduler/health").body(), Map.class)
                    .get("data");
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** An ERROR line is a fault's when it was logged while that fault lasted or shortly after. */
    private boolean explained(String line) {
        Instant at;
        try {
            at = LocalDateTime.parse(line.substring(0, 23), LOG_TIME)
                    .atZone(ZoneId.systemDefault())
                    .toInstant();
        } catch (RuntimeException e) {
            return false;
        }
        return windows.stream().anyMatch(w -> !at.isBefore(w.from()) && !at.isAfter(w.to().plus(AFTERMATH)));
    }
}
