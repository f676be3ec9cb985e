package com.aliaport.ops.bench;

import com.aliaport.ops.config.Secret;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.reportqueue.LocalSlots;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportQueueSettings;
import com.aliaport.ops.reportqueue.ReportReconciler;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import com.aliaport.ops.reportqueue.ReportWorkers;
import com.aliaport.ops.reportqueue.db.PgReportAnnouncer;
import com.aliaport.ops.reportqueue.db.PgReportEvents;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.reportqueue.redis.RedisReportQueue;
import com.aliaport.ops.reportqueue.redis.RedisReportWakeups;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkSigner;
import com.aliaport.ops.testsupport.TestPostgres;
import com.aliaport.ops.testsupport.TestRedis;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.JedisPooled;

/**
 * The queue's side of the Celery comparison (bench/queue-vs-celery.sh): a no-op task through the whole durable
 * path (submission stored durably, Redis stream, PostgreSQL claim with fencing token, SUCCESS stored durably),
 * on the local PostgreSQL and Redis. Args: tasks (5000), single round trips (300), worker slots (2), submitting
 * threads (1), warm-up tasks (20000), and {@code file} to have each task store an empty report through folder
 * storage.
 * Prints throughput over the batch and p50/p99 of enqueue-to-done of single tasks, three times: the waiter woken as
 * a client of the workers' node is (told by the result's writer), then as one on another node is, by PostgreSQL's
 * NOTIFY ({@code -Dbench.announceLingerMs} sets the announcer's gathering time, 5 ms) or by Redis pub/sub.
 * {@code -Dbench.noLocalSlots=true} sends every submission through Redis (no hand-over to a waiting slot of the
 * node, as before issue 17's change). The per-requester rate limit is the daemon's default (10 a minute;
 * {@code -Dbench.rate}), the tasks spread over enough requesters that none reaches it ({@code -Dbench.users},
 * 10,000): the limit is checked on every submission, as deployed. Until session 9 the bench ran a limit of
 * 1,000,000 a minute over 100 requesters ({@code -Dbench.rate=1000000 -Dbench.users=100}), where every submission
 * counted hundreds of its requester's tasks.
 */
public final class ReportQueueBench {
    private static final int IN_FLIGHT = 1_000;
    private static final int RATE = Integer.getInteger("bench.rate", 10);
    private static final int USERS = Integer.getInteger("bench.users", 10_000);
    /**
     * Single round trips run unmeasured before the measured ones, as every peer does (queue-vs-celery.sh): a lone
     * submission takes another path than the batch's (held back, run by the slot it is handed to), which the
     * batch's warm-up leaves to the JIT; without these the measured trips ran while it compiled that path (p99
     * 14.9-20.4 ms against 5.1-5.5 ms with 100, session 19). The default is queue-vs-celery.sh's, whose header
     * tells how the number grew with what the JIT logs showed.
     */
    static final int SINGLE_WARMUP = Integer.getInteger("bench.singleWarmup", 20_000);
    /**
     * Warm-up trips for the waiters on another node, whose figures are not compared: the lone path is compiled by
     * then (the same code as the workers' node's), and 10,000 trips woken by LISTEN would take some 80 s.
     */
    static final int OTHER_NODE_WARMUP = Integer.getInteger("bench.otherNodeWarmup", 400);
    /** Only the trips compared (the waiter on the workers' node): quick runs that study their tail. */
    private static final boolean LOCAL_ONLY = Boolean.getBoolean("bench.localOnly");
    /**
     * Experiment (issue 17, session 53), with {@link #LOCAL_ONLY} only: this node announces nothing by NOTIFY (its
     * announcer never started, its waiters told by the writer as always), so that neither the announcer nor this
     * node's LISTEN reader (with {@code -Dbench.noListen=true}) nor their PostgreSQL backends wake beside the trips.
     */
    private static final boolean NO_ANNOUNCE = Boolean.getBoolean("bench.noAnnounce");
    /** The reconciler's pass every second as in the daemon; longer to keep it off the trips (an experiment). */
    private static final Duration RECONCILE_EVERY = Duration.ofMillis(Long.getLong("bench.reconcileMs", 1_000));
    /**
     * The last warm-up trips run after the CPU meter's first reading, not before it: its reading of some 200 files
     * of /proc sets the JIT compiling its own code (String.split, the file reads) for 50-100 ms, and the first
     * measured trips ran beside that (session 47's JIT logs: trips 1-116). Its figures count these trips too.
     */
    static final int METER_SETTLE_TRIPS = Integer.getInteger("bench.meterSettleTrips", 200);
    /**
     * When this JVM started, read once as it starts: the batch's place in its uptime is taken from the clock, as
     * reading the runtime's bean just before the batch made HotSpot throw away compiled code (see OutsideReadings).
     */
    private static final long JVM_START_MS =
            ManagementFactory.getRuntimeMXBean().getStartTime();

    public static void main(String[] args) throws Exception {
        WarmJvm.thenMeasure("ours", args, ReportQueueBench::run);
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int singles = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int slots = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int producers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;
        boolean withFile = args.length > 5 && args[5].equals("file");
        if (NO_ANNOUNCE && !LOCAL_ONLY) {
            throw new IllegalArgumentException("-Dbench.noAnnounce needs -Dbench.localOnly (other nodes hear NOTIFY)");
        }
        Turns.take("warm"); // interleaved with the other peers: the warm-up and the batch are one turn
        ConnectionSettings pg = TestPostgres.newDatabase();
        Path dir = Files.createTempDirectory("queue-bench");
        String prefix = "aliaport:bench:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        URI redisUri = URI.create(TestRedis.uri().toString().replaceFirst("/\\d+$", "") + "/12");
        try (Database db = Database.connect(pg, "bench", 10);
                JedisPooled redis = new JedisPooled(redisUri, 10_000)) {
            // Pool sized like the daemon's: one blocking read per slot plus room for submissions.
            RedisReportQueue queue = RedisReportQueue.connect(redisUri, slots + producers, prefix)
                    .prepare();
            AtomicReference<Wake> wake = new AtomicReference<>(Wake.LOCAL);
            // Tasks ended on this node, as the node's own changes tell them: what the batch waits on, as
            // DbSchedulerBench's thread waits on its SchedulerListener's count.
            AtomicLong ended = new AtomicLong();
            PgReportAnnouncer announcer =
                    new PgReportAnnouncer(db.dsl(), Duration.ofMillis(Long.getLong("bench.announceLingerMs", 5)));
            if (!NO_ANNOUNCE) {
                announcer.start();
            }
            PgReportEvents events = new PgReportEvents(db.dataSource());
            if (!Boolean.getBoolean("bench.noListen")) { // experiment: this node not listening to NOTIFY
                events.start();
            }
            RedisReportWakeups wakeups = new RedisReportWakeups(redisUri, prefix, events).start();
            // The daemon's wiring (ReportQueueModule); this node's own waiters are told only while measured.
            ReportChanges toldHere = new ReportChanges() {
                @Override
                public void changed(UUID id) {
                    if (wake.get() == Wake.LOCAL) {
                        events.changed(id);
                    }
                }

                @Override
                public void finished(UUID id) {
                    ended.incrementAndGet();
                    if (wake.get() == Wake.LOCAL) {
                        events.finished(id);
                    }
                }

                @Override
                public void ended(ReportTask task) {
                    ended.incrementAndGet();
                    if (wake.get() == Wake.LOCAL) {
                        events.ended(task);
                    }
                }

                @Override
                public boolean wantsEndedRows() {
                    return wake.get() == Wake.LOCAL && events.wantsEndedRows();
                }
            };
            ReportChanges toldHereAndOthers = toldHere.andThen(wakeups);
            ReportTaskRepository repo = new ReportTaskRepository(
                    db.dsl(), NO_ANNOUNCE ? toldHereAndOthers : toldHereAndOthers.andThen(announcer));
            // A waiter as on another node: its own LISTEN connection and Redis subscription, the latter heeded only
            // while measured. Started only for its own round trips: another node's listeners run on its own machine,
            // not on the two cores of the node measured before.
            PgReportEvents remoteEvents = new PgReportEvents(db.dataSource());
            RedisReportWakeups remoteWakeups = new RedisReportWakeups(redisUri, prefix, new ReportChanges() {
                @Override
                public void changed(UUID id) {}

                @Override
                public void finished(UUID id) {
                    if (wake.get() == Wake.REDIS) {
                        remoteEvents.finished(id);
                    }
                }
            });
            ReportQueueSettings settings = new ReportQueueSettings(
                    Duration.ofSeconds(540),
                    Duration.ofSeconds(600),
                    3,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(2),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(10),
                    RECONCILE_EVERY,
                    RATE,
                    1_000_000,
                    Duration.ofMinutes(15),
                    Duration.ofDays(7),
                    Map.of());
            List<ReportBuilder> builders = List.of(new NoOp(withFile));
            FolderReportStorage storage = new FolderReportStorage(
                    dir.resolve("files"),
                    URI.create("http://127.0.0.1:8080"),
                    new LinkSigner(new Secret("bench-secret-0123456789")),
                    Clock.systemUTC());
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
            // As the daemon wires it: a submission written while a slot waits goes to that slot directly.
            ReportQueueService service = new ReportQueueService(
                    repo,
                    queue,
                    builders,
                    settings,
                    Clock.systemUTC(),
                    Boolean.getBoolean("bench.noLocalSlots") ? LocalSlots.NONE : workers.localSlots(),
                    events);
            // Submissions awaited as on another node: through the queue (no slot of this process at hand: with one,
            // the submission would be held and answered with its end, session 17), woken by its own LISTEN or Redis
            // subscription.
            ReportQueueService remoteService = new ReportQueueService(
                    repo, queue, builders, settings, Clock.systemUTC(), LocalSlots.NONE, remoteEvents);
            // As reconciler.start() runs its passes, each one timed here.
            ReconcilerPasses passes = new ReconcilerPasses(reconciler::reconcileOnce, RECONCILE_EVERY);
            workers.start();

            // Warm-up, not measured: pools, and the JIT, which compiles a method called once per task with its
            // optimising compiler after ~15,000 calls (at 2,000 tasks the queue ran at two thirds of its speed).
            printSubmitted(warmup, runBatch(service, repo, ended, warmup, producers));

            // Read outside this JVM: the queue's own clients would run its code down branches it never takes.
            Map<String, Long> calls0 = OutsideReadings.redisCalls(redisUri);
            long[] pg0 = OutsideReadings.walAndCheckpoints(pg);
            CpuMeter.Reading cpu0 = CpuMeter.read();
            long uptime0 = uptimeMs();
            long t0 = System.nanoTime();
            double submitting = runBatch(service, repo, ended, tasks, producers);
            long t1 = System.nanoTime();
            double seconds = (t1 - t0) / 1e9;
            long uptime1 = uptimeMs();
            CpuMeter.Reading cpu1 = CpuMeter.read();
            Map<String, Long> calls1 = OutsideReadings.redisCalls(redisUri);
            long[] pg1 = OutsideReadings.walAndCheckpoints(pg);
            printSubmitted(tasks, submitting);
            System.out.printf(
                    "ours: %d tasks in %.2f s = %.0f tasks/s (%d slots, %d submitting threads, %s, rate limit %d a"
                            + " minute per requester over %d requesters)%n",
                    tasks,
                    seconds,
                    tasks / seconds,
                    slots,
                    producers,
                    withFile ? "empty file stored" : "no file",
                    RATE,
                    USERS);
            System.out.println("ours:   " + CpuMeter.perTask(cpu0, cpu1, tasks));
            System.out.println("ours:   " + CpuMeter.postgres(cpu0, cpu1, tasks));
            // How the work was batched: a read or a hand-over per task costs more than one per eight.
            System.out.println("ours:   Redis calls a task in the batch: " + callsPerTask(calls0, calls1, tasks));
            System.out.printf(
                    "ours:   PostgreSQL in the batch: %d WAL bytes a task, %d checkpoints%n",
                    (pg1[0] - pg0[0]) / tasks, pg1[1] - pg0[1]);
            printSpan("the batch", uptime0, uptime1, t0, t1);

            for (Wake w : Wake.values()) {
                if (w != Wake.LOCAL && LOCAL_ONLY) {
                    break;
                }
                if (w != Wake.LOCAL && !remoteEvents.listening()) {
                    Turns.take("rest");
                    remoteEvents.start();
                    remoteWakeups.start();
                    while (!remoteEvents.listening() || !remoteWakeups.listening()) {
                        Thread.sleep(5);
                    }
                }
                wake.set(w);
                ReportQueueService waiter = w == Wake.LOCAL ? service : remoteService;
                int warm = w == Wake.LOCAL ? SINGLE_WARMUP : OTHER_NODE_WARMUP;
                int settle = Math.min(warm, METER_SETTLE_TRIPS);
                List<Trip> cold = new ArrayList<>();
                long singlesStart = System.nanoTime();
                for (int i = 0; i < warm - settle; i++) { // not compared: see SINGLE_WARMUP
                    cold.add(roundTrip(waiter, i));
                }
                boolean blocks = w == Wake.LOCAL && Turns.interleaved();
                AtomicInteger rewarmed = new AtomicInteger();
                if (blocks) {
                    Turns.take("trips"); // the first block, after the last warm-up trips
                }
                CpuMeter.Reading trips0 = CpuMeter.read();
                long meterStart = System.nanoTime();
                for (int i = warm - settle; i < warm; i++) { // see METER_SETTLE_TRIPS
                    cold.add(roundTrip(waiter, i));
                }
                List<Trip> trips = new ArrayList<>();
                long tripsUptime0 = uptimeMs();
                long tripsStart = System.nanoTime();
                for (int i = 0; i < singles; i++) {
                    if (blocks) {
                        // Requesters of their own (the rate limit counts 10 a minute each): past the measured ones'.
                        Turns.beforeTrip(i, singles, () -> roundTrip(waiter, singles + rewarmed.getAndIncrement()));
                    }
                    trips.add(roundTrip(waiter, i));
                }
                long tripsEnd = System.nanoTime();
                double meterMs = (tripsEnd - meterStart) / 1e6;
                long tripsUptime1 = uptimeMs();
                CpuMeter.Reading trips1 = CpuMeter.read();
                // Printed only now: the first measured trips would share the CPU with the printing (and the first
                // use of the streams that sort the figures), as would db-scheduler's (DbSchedulerBench does the same).
                if (w == Wake.LOCAL && !cold.isEmpty()) {
                    System.out.printf(
                            "ours: first %d single trips (the warm-up, not in the verdict; its last %d inside the"
                                    + " CPU figures below): %s%n",
                            cold.size(), settle, percentiles(cold, Trip::total));
                }
                report(trips, w);
                if (blocks) {
                    System.out.println(
                            "ours:   beside the trips: not read (the trips alternated with the other peers')");
                } else {
                    System.out.println("ours:   beside the trips: " + CpuMeter.beside(trips0, trips1, meterMs));
                    System.out.println("ours:   the trips' " + CpuMeter.perTask(trips0, trips1, singles + settle));
                }
                printSpan("the trips", tripsUptime0, tripsUptime1, tripsStart, tripsEnd);
                if (w == Wake.LOCAL) {
                    System.out.println(
                            "ours:   the reconciler's passes: " + passes.summary(singlesStart, tripsStart, tripsEnd));
                    String file = System.getProperty("bench.tripsFile");
                    if (file != null) {
                        List<String> beside = new ArrayList<>(passes.lines());
                        beside.add("# meter read before " + meterStart);
                        // The trips after the meter's reading, before the measured ones: what followed the reading.
                        for (Trip t : cold.subList(cold.size() - settle, cold.size())) {
                            beside.add("# settle " + (t.index() + 1) + " " + t.startNanos() + " " + t.total());
                        }
                        writeTrips(trips, beside, Path.of(file));
                    }
                }
            }

            workers.stop(Duration.ofSeconds(5));
            remoteService.close();
            service.close();
            passes.close();
            remoteWakeups.close();
            remoteEvents.close();
            wakeups.close();
            events.close();
            announcer.close();
            queue.close();
            for (String key : redis.keys(prefix + "*")) {
                redis.del(key);
            }
        } finally {
            TestPostgres.drop(pg);
        }
    }

    private static long uptimeMs() {
        return System.currentTimeMillis() - JVM_START_MS;
    }

    /**
     * Where a measured stretch lies: in the JVM's uptime as its runtime bean counts it (a JFR recording's), and on
     * {@link System#nanoTime}, which a JVM log decorated with {@code timenanos} (-Xlog:...:timenanos) prints. A log's
     * {@code uptime} counts from earlier than the bean's start time, by its first line's time: 246-289 ms with the
     * 1 GB heap pre-touched (session 55), so that a compilation beside the trips looked a quarter-second away.
     */
    private static void printSpan(String what, long fromMs, long toMs, long fromNanos, long toNanos) {
        System.out.printf(
                "ours:   %s ran from %.3f s to %.3f s of the JVM's uptime (its runtime bean's), %.3f-%.3f s of"
                        + " System.nanoTime (-Xlog's timenanos)%n",
                what, fromMs / 1e3, toMs / 1e3, fromNanos / 1e9, toNanos / 1e9);
    }

    private static String callsPerTask(Map<String, Long> before, Map<String, Long> after, int tasks) {
        StringBuilder out = new StringBuilder();
        after.forEach((command, n) -> {
            long d = n - before.getOrDefault(command, 0L);
            if (d >= tasks / 100) {
                out.append(String.format("%s %.3f ", command, (double) d / tasks));
            }
        });
        return out.toString().trim();
    }

    /**
     * Submits {@code n} tasks from {@code producers} threads, each sending without waiting for every answer (up to
     * {@link #IN_FLIGHT} unanswered, like a client streaming requests), then waits for all to be done. A submission
     * is answered only once its task is stored durably; those in flight together share a commit. Done: the node has
     * told {@code ended} of {@code n} more ends (each told once its SUCCESS is committed), then PostgreSQL counts no
     * open task. Until session 27 it read the newest task every 5 ms meanwhile: a load on the server measured, and a
     * reader the db-scheduler side does not have. Returns how long the submissions took to be answered.
     */
    private static double runBatch(
            ReportQueueService service, ReportTaskRepository repo, AtomicLong ended, int n, int producers)
            throws InterruptedException {
        long target = ended.get() + n;
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed =
                new java.util.concurrent.atomic.AtomicReference<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    inFlight.acquireUninterruptibly();
                    service.submitAsync(new ReportQueueService.SubmitRequest(
                                    "noop", Map.of(), "user-" + (i % USERS), Optional.empty()))
                            .whenComplete((submission, error) -> {
                                if (error != null) {
                                    failed.set(error);
                                }
                                inFlight.release();
                            });
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        inFlight.acquire(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
        if (failed.get() != null) {
            throw new IllegalStateException("a submission failed", failed.get());
        }
        double submitting = (System.nanoTime() - t0) / 1e9;
        while (ended.get() < target) {
            Thread.sleep(5);
        }
        while (repo.openCount() > 0) {
            Thread.sleep(5);
        }
        return submitting;
    }

    /** Printed once a batch is done: printed in it, it ran the formatter's code beside the batch measured. */
    private static void printSubmitted(int n, double seconds) {
        System.out.printf("ours:   submitted %d in %.2f s%n", n, seconds);
    }

    /** How the waiter of a single round trip learns of the SUCCESS. */
    private enum Wake {
        LOCAL("waiter on the workers' node, woken and handed the task by the result's writer"),
        LISTEN("submitted and awaited as on another node, through the stream, woken by LISTEN"),
        REDIS("submitted and awaited as on another node, through the stream, woken by Redis pub/sub");

        final String description;

        Wake(String description) {
            this.description = description;
        }
    }

    private static void report(List<Trip> trips, Wake wake) {
        System.out.printf(
                "ours: round trip of %d single tasks: %s (%s)%n",
                trips.size(), percentiles(trips, Trip::total), wake.description);
        System.out.printf(
                "ours:   phases: submitted %s | to claim %s | to SUCCESS %s | seen %s%n",
                percentiles(trips, Trip::submit),
                percentiles(trips, Trip::toClaim),
                percentiles(trips, Trip::toResult),
                percentiles(trips, Trip::seen));
        trips.stream()
                .sorted(java.util.Comparator.comparingDouble(Trip::total).reversed())
                .limit(Integer.getInteger("bench.slow", wake == Wake.LOCAL ? 3 : 0))
                .forEach(t -> System.out.printf(
                        "ours:   slow: %.1f ms (trip %d, at %s) = submitted %.1f, to claim %.1f, to SUCCESS %.1f, seen"
                                + " %.1f%n",
                        t.total(), t.index() + 1, t.start(), t.submit(), t.toClaim(), t.toResult(), t.seen()));
    }

    /**
     * The calling thread's id, then each trip's number, start ({@link System#nanoTime}: Linux's
     * {@code CLOCK_MONOTONIC}, the clock of a {@code perf record -k mono}) and milliseconds, one line each, for
     * {@code bench/queue-trip-sched.sh} to find the trips and their thread in a scheduler trace; then {@code beside}
     * (comment lines: the reconciler's passes, the CPU meter's reading, the warm-up trips after it). A directory gets
     * a new file each run, named by the time, for the runs of a whole {@code bench/queue-vs-celery.sh} set.
     */
    private static void writeTrips(List<Trip> trips, List<String> beside, Path file) {
        try {
            if (Files.isDirectory(file)) {
                file = file.resolve("trips-" + System.currentTimeMillis());
            }
            // The thread that made the trips (this one): "<pid>/task/<tid>".
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            List<String> lines = new ArrayList<>();
            lines.add("# caller thread " + self.getFileName());
            for (Trip t : trips) {
                lines.add((t.index() + 1) + " " + t.startNanos() + " " + t.total());
            }
            lines.addAll(beside);
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Milliseconds of one single task's round trip, whole and by phase (from the task's own timestamps). */
    private record Trip(
            int index,
            Instant start,
            long startNanos,
            double total,
            double submit,
            double toClaim,
            double toResult,
            double seen) {}

    /**
     * One task submitted and awaited as a client of the service does ({@link ReportQueueService#submitAndAwait}):
     * subscribed from before its submission, woken by its end.
     */
    private static Trip roundTrip(ReportQueueService service, int i) throws InterruptedException {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        Instant[] submitted = new Instant[1];
        ReportTask done = service.submitAndAwait(
                new ReportQueueService.SubmitRequest("noop", Map.of(), "single-" + (i % USERS), Optional.empty()),
                Duration.ofSeconds(10),
                s -> submitted[0] = Instant.now());
        double total = (System.nanoTime() - t0) / 1e6;
        if (done.state() != ReportState.SUCCESS) {
            throw new IllegalStateException("single task " + done.id() + " ended " + done.state());
        }
        Instant seen = Instant.now();
        Instant claimed = done.startedAt().orElseThrow();
        Instant finished = done.finishedAt().orElseThrow();
        return new Trip(
                i,
                start,
                t0,
                total,
                ms(start, submitted[0]),
                ms(submitted[0], claimed),
                ms(claimed, finished),
                ms(finished, seen));
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String percentiles(List<Trip> trips, java.util.function.ToDoubleFunction<Trip> phase) {
        double[] v = trips.stream().mapToDouble(phase).sorted().toArray();
        return String.format("p50 %.1f ms, p99 %.1f ms", v[v.length / 2], v[(int) Math.ceil(v.length * 0.99) - 1]);
    }

    /**
     * A task that does nothing, like the Celery bench's: the queue's own cost is what is measured. Without a file
     * its SUCCESS is its whole result (Celery's is a result in Redis); with {@code file}, an empty report goes
     * through the scratch file and folder storage too (copy, fsyncs, rename).
     */
    private record NoOp(boolean producesFile) implements ReportBuilder {
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
