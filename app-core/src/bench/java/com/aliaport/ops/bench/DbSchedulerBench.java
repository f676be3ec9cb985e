package com.aliaport.ops.bench;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.TestPostgres;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * db-scheduler's side of the queue comparison (bench/queue-vs-celery.sh): the same no-op workload as
 * {@link ReportQueueBench}, on the same local PostgreSQL, with db-scheduler's fastest settings that keep its
 * guarantees: lock-and-fetch polling (one {@code UPDATE … RETURNING} claims a batch), immediate execution (a task
 * scheduled for now wakes this node's poller at once), a 100 ms polling interval, two execution threads. Each task
 * is a durable row, picked and deleted in committed statements, as ours are. Args: tasks (5000), single round trips
 * (300), warm-up tasks (20000), tasks per scheduling batch (100), lock-and-fetch's lower and upper limits as
 * fractions of the threads (0.5: poll again when half the threads are free; 16.0: claim up to 32 at a time, as
 * many as our two slots claim ahead).
 *
 * <p>The batch is scheduled from one thread with {@code scheduleBatch} (one JDBC batch, one commit per batch: its
 * counterpart of our group commit); a single round trip is {@code schedule} (one insert, one commit) until the
 * client has seen the task done: woken by the scheduler's completion listener, it confirms that the execution's
 * row is gone (a primary-key read, as our client re-reads the task).
 */
public final class DbSchedulerBench {
    /** db-scheduler's table (the schema its documentation gives for PostgreSQL), shared with queue-statements.sh. */
    private static final String SCHEMA = "bench/sql/dbscheduler-schema.sql";

    private static final int THREADS = 2;
    private static final Duration POLLING = Duration.ofMillis(100);

    public static void main(String[] args) throws Exception {
        WarmJvm.thenMeasure("db-scheduler", args, DbSchedulerBench::run);
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Turns.take("warm"); // interleaved with the other peers: the warm-up and the batch are one turn
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int singles = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int chunk = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        double lower = args.length > 4 ? Double.parseDouble(args[4]) : 0.5;
        double upper = args.length > 5 ? Double.parseDouble(args[5]) : 16.0;
        ConnectionSettings pg = TestPostgres.newDatabase();
        try (Database db = Database.connect(pg, "db-scheduler-bench", 10)) {
            DataSource ds = db.dataSource();
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                st.execute(schema());
            }
            Map<String, Semaphore> waiting = new ConcurrentHashMap<>();
            AtomicLong completed = new AtomicLong();
            OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> {});
            Scheduler scheduler = Scheduler.create(ds, noop)
                    .threads(THREADS)
                    .pollUsingLockAndFetch(lower, upper)
                    .enableImmediateExecution()
                    .pollingInterval(POLLING)
                    .addSchedulerListener(new AbstractSchedulerListener() {
                        @Override
                        public void onExecutionComplete(ExecutionComplete done) {
                            completed.incrementAndGet();
                            Semaphore s =
                                    waiting.get(done.getExecution().taskInstance.getId());
                            if (s != null) {
                                s.release();
                            }
                        }
                    })
                    .build();
            scheduler.start();
            System.out.printf(
                    "db-scheduler: settings: 16.12.0, lock-and-fetch (%.1f, %.1f of threads), immediate execution,"
                            + " %d ms polling, %d threads, scheduleBatch of %d%n",
                    lower, upper, POLLING.toMillis(), THREADS, chunk);

            runBatch(scheduler, noop, ds, completed, warmup, chunk); // warm-up, not measured (JIT, pools)
            CpuMeter.Reading cpu0 = CpuMeter.read();
            long t0 = System.nanoTime();
            runBatch(scheduler, noop, ds, completed, tasks, chunk);
            double seconds = (System.nanoTime() - t0) / 1e9;
            CpuMeter.Reading cpu1 = CpuMeter.read();
            System.out.printf(
                    "db-scheduler: %d tasks in %.2f s = %.0f tasks/s (%d threads)%n",
                    tasks, seconds, tasks / seconds, THREADS);
            System.out.println("db-scheduler:   " + CpuMeter.perTask(cpu0, cpu1, tasks));
            System.out.println("db-scheduler:   " + CpuMeter.postgres(cpu0, cpu1, tasks));

            double[] cold = new double[ReportQueueBench.SINGLE_WARMUP];
            int settle = Math.min(cold.length, ReportQueueBench.METER_SETTLE_TRIPS);
            for (int i = 0; i < cold.length - settle; i++) { // not compared, as ours
                cold[i] = roundTrip(scheduler, noop, ds, waiting);
            }
            Turns.take("trips"); // interleaved with the other peers: the first block, after the last warm-up trips
            CpuMeter.Reading trips0 = CpuMeter.read();
            long meterStart = System.nanoTime();
            for (int i = cold.length - settle; i < cold.length; i++) { // after the meter's reading, as ours
                cold[i] = roundTrip(scheduler, noop, ds, waiting);
            }
            double[] ms = new double[singles];
            for (int i = 0; i < singles; i++) {
                Turns.beforeTrip(i, singles, () -> roundTrip(scheduler, noop, ds, waiting));
                ms[i] = roundTrip(scheduler, noop, ds, waiting);
            }
            double meterMs = (System.nanoTime() - meterStart) / 1e6;
            CpuMeter.Reading trips1 = CpuMeter.read();
            if (cold.length > 0) { // printed only now, as ours: not beside the first measured trips
                Arrays.sort(cold);
                System.out.printf(
                        "db-scheduler: first %d single trips (the warm-up, not in the verdict; its last %d inside the"
                                + " CPU figures below): p50 %.1f ms, p99 %.1f ms%n",
                        cold.length, settle, cold[cold.length / 2], cold[(int) Math.ceil(cold.length * 0.99) - 1]);
            }
            double[] measured = ms.clone();
            Arrays.sort(ms);
            System.out.printf(
                    "db-scheduler: round trip of %d single tasks: p50 %.1f ms, p99 %.1f ms%n",
                    singles, ms[singles / 2], ms[(int) Math.ceil(singles * 0.99) - 1]);
            // Which trips were slowest, as ours prints them: a block's first ones, when interleaved, would be its
            // turn's.
            IntStream.range(0, singles)
                    .boxed()
                    .sorted((a, b) -> Double.compare(measured[b], measured[a]))
                    .limit(3)
                    .forEach(i -> System.out.printf("db-scheduler:   slow: %.1f ms (trip %d)%n", measured[i], i + 1));
            if (Turns.interleaved()) {
                System.out.println(
                        "db-scheduler:   beside the trips: not read (the trips alternated with the other peers')");
            } else {
                System.out.println("db-scheduler:   beside the trips: " + CpuMeter.beside(trips0, trips1, meterMs));
                System.out.println("db-scheduler:   the trips' " + CpuMeter.perTask(trips0, trips1, singles + settle));
            }
            scheduler.stop();
        } finally {
            TestPostgres.drop(pg);
        }
    }

    /** Schedules {@code n} tasks from one thread in batches of {@code chunk}, then waits for all to be done. */
    private static void runBatch(
            Scheduler scheduler, OneTimeTask<Void> noop, DataSource ds, AtomicLong completed, int n, int chunk)
            throws Exception {
        long target = completed.get() + n;
        List<TaskInstance<?>> batch = new ArrayList<>(chunk);
        for (int i = 0; i < n; i++) {
            batch.add(noop.instance(UUID.randomUUID().toString()));
            if (batch.size() == chunk || i == n - 1) {
                scheduler.scheduleBatch(batch, Instant.now());
                batch = new ArrayList<>(chunk);
            }
        }
        while (completed.get() < target) {
            Thread.sleep(5);
        }
        while (count(ds) > 0) {
            Thread.sleep(5);
        }
    }

    /** Milliseconds from {@code schedule} to the client seeing the task done (its row deleted). */
    private static double roundTrip(
            Scheduler scheduler, OneTimeTask<Void> noop, DataSource ds, Map<String, Semaphore> waiting)
            throws Exception {
        String id = UUID.randomUUID().toString();
        Semaphore done = new Semaphore(0);
        waiting.put(id, done);
        long t0 = System.nanoTime();
        scheduler.schedule(noop.instance(id), Instant.now());
        // Registered before scheduling, the waiter misses no completion: it reads only once woken (or after 50 ms).
        do {
            done.tryAcquire(50, TimeUnit.MILLISECONDS);
        } while (exists(ds, id));
        double ms = (System.nanoTime() - t0) / 1e6;
        waiting.remove(id);
        return ms;
    }

    private static boolean exists(DataSource ds, String id) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM scheduled_tasks WHERE task_name = 'noop' AND task_instance = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long count(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM scheduled_tasks")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The schema's text, found from the working directory up (the scripts run from the repository's root). */
    private static String schema() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(SCHEMA);
            if (Files.exists(file)) {
                return Files.readString(file);
            }
        }
        throw new FileNotFoundException(SCHEMA + " (the bench runs from the repository)");
    }
}
