package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.db.FixedSql;
import com.aliaport.ops.reportqueue.db.FinishedTasks;
import com.aliaport.ops.reportqueue.db.ReportTaskEnds;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.reportqueue.db.ReportTaskUpkeep;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import com.aliaport.ops.testsupport.reports.TestReports;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Group commit of the queue on real PostgreSQL and Redis: submissions in flight together share one insert, the
 * results of all slots one update, and each caller still gets its own answer (task, rate limit, earlier task).
 */
@ExtendWith(PostgresExtension.class)
class GroupCommitIT extends QueueFixtureTest {
    private ReportQueueFixture fixture(Database db, ReportQueueSettings settings) {
        fixture = ReportQueueFixture.inFolder(
                db, settings, dir, List.of(TestReports.xlsx("barinma"), TestReports.withoutFile("no-file")));
        return fixture;
    }

    private CompletableFuture<ReportQueueService.Submission> submitAsync(
            String user, Optional<String> key, Object... kv) {
        Map<String, Object> params = new java.util.HashMap<>(MARCH);
        for (int i = 0; i < kv.length; i += 2) {
            params.put((String) kv[i], kv[i + 1]);
        }
        return fixture.service.submitAsync(new ReportQueueService.SubmitRequest("barinma", params, user, key));
    }

    /** {@code n} submissions over ten requesters, each answered. */
    private void submitAll(int n) {
        List<CompletableFuture<ReportQueueService.Submission>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(submitAsync("u" + (i % 10), Optional.empty(), "key", "s" + i));
        }
        all.forEach(CompletableFuture::join);
    }

    /** Transactions that wrote the queue's rows: rows written by one commit share their xmin. */
    private static long commitsThatWrote(Database db, String table) {
        return new FixedSql(db.dsl())
                .queryOne("SELECT count(DISTINCT xmin::text) FROM " + table, rs -> rs.getLong(1))
                .orElseThrow();
    }

    @Test
    void submissions_in_flight_together_share_commits_and_each_gets_its_own_answer(Database db) {
        fixture(db, ReportQueueFixture.limited(50, 100_000));
        List<CompletableFuture<ReportQueueService.Submission>> flood = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            flood.add(submitAsync("u1", Optional.empty(), "key", "f" + i));
        }
        List<CompletableFuture<ReportQueueService.Submission>> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(submitAsync("u2", Optional.empty(), "key", "o" + i));
        }
        CompletableFuture<ReportQueueService.Submission> keyed = submitAsync("u3", Optional.of("k-1"));
        CompletableFuture<ReportQueueService.Submission> sameKey = submitAsync("u3", Optional.of("k-1"));

        List<Object> floodOutcomes = flood.stream().map(GroupCommitIT::outcome).toList();
        assertThat(floodOutcomes.stream().filter(o -> o instanceof ReportQueueService.Submission))
                .hasSize(50);
        assertThat(floodOutcomes.stream().filter(o -> o instanceof ReportQueueException.RateLimited))
                .hasSize(150);
        assertThat(others).allSatisfy(f -> assertThat(f.join().created()).isTrue());
        assertThat(keyed.join().task().id()).isEqualTo(sameKey.join().task().id());
        assertThat(List.of(keyed.join().created(), sameKey.join().created())).containsExactlyInAnyOrder(true, false);

        long created = 50 + 20 + 1;
        assertThat(fixture.tasks.openCount()).isEqualTo(created);
        assertThat(fixture.queue.length("reports")).isEqualTo(created);
        assertThat(commitsThatWrote(db, "report_tasks")).isLessThan(created / 2);
    }

    @Test
    void results_of_several_claims_are_written_by_one_statement_and_only_current_claims_win(Database db) {
        fixture(db, ReportQueueFixture.fast());
        ReportTaskRepository tasks = fixture.tasks;
        Instant now = Instant.now();
        List<ReportTask> claimed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID id = submitAsync("u1", Optional.empty(), "key", "r" + i)
                    .join()
                    .task()
                    .id();
            claimed.add(tasks.claim(id, "w", now, now.plusSeconds(30)).orElseThrow());
        }
        ReportTask withFile = claimed.get(0);
        ReportTask stale = claimed.get(1);
        ReportTask withoutFile = claimed.get(2);

        Set<UUID> won = tasks.ends()
                .succeedAll(
                        List.of(
                                new ReportTaskEnds.Success(
                                        withFile.id(),
                                        withFile.fencingToken(),
                                        Optional.of(new ReportTaskEnds.StoredFile(
                                                "reports/a.xlsx", 42, now.plusSeconds(600)))),
                                new ReportTaskEnds.Success(
                                        stale.id(),
                                        stale.fencingToken() - 1,
                                        Optional.of(new ReportTaskEnds.StoredFile(
                                                "reports/b.xlsx", 1, now.plusSeconds(600)))),
                                new ReportTaskEnds.Success(
                                        withoutFile.id(), withoutFile.fencingToken(), Optional.empty())),
                        now.plusSeconds(1));

        assertThat(won).containsExactlyInAnyOrder(withFile.id(), withoutFile.id());
        ReportTask a = tasks.find(withFile.id()).orElseThrow();
        assertThat(a.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(a.storageKey()).contains("reports/a.xlsx");
        assertThat(a.sizeBytes()).contains(42L);
        assertThat(tasks.find(stale.id()).orElseThrow().state()).isEqualTo(ReportState.STARTED);
        ReportTask c = tasks.find(withoutFile.id()).orElseThrow();
        assertThat(c.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(c.storageKey()).isEmpty();
        assertThat(tasks.attempts(withFile.id()))
                .extracting(x -> x.outcome().orElse("?"))
                .containsExactly("SUCCESS");
        assertThat(tasks.attempts(stale.id()))
                .extracting(x -> x.outcome().orElse("open"))
                .containsExactly("open");
        assertThat(new FixedSql(db.dsl())
                        .queryOne(
                                "SELECT count(DISTINCT xmin::text) FROM report_tasks WHERE state = 'SUCCESS'",
                                rs -> rs.getLong(1))
                        .orElseThrow())
                .isEqualTo(1);
    }

    @Test
    void tasks_that_make_no_file_succeed_through_the_workers_without_touching_storage(Database db) throws IOException {
        fixture(db, ReportQueueFixture.fast());
        fixture.startWorkers("node-a", 2);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(fixture.service
                    .submit(new ReportQueueService.SubmitRequest("no-file", Map.of(), "u" + (i % 7), Optional.empty()))
                    .task()
                    .id());
        }

        for (UUID id : ids) {
            ReportTask t = await(id);
            assertThat(t.state()).isEqualTo(ReportState.SUCCESS);
            assertThat(t.storageKey()).isEmpty();
            assertThat(fixture.tasks.attempts(id))
                    .extracting(a -> a.outcome().orElse("?"))
                    .containsExactly("SUCCESS");
        }
        assertThat(fixture.queue.length("reports")).isZero();
        Path files = dir.resolve("files");
        try (Stream<Path> all = Files.exists(files) ? Files.walk(files) : Stream.empty()) {
            assertThat(all.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void planner_statistics_are_refreshed_once_the_table_outgrew_them(Database db) throws InterruptedException {
        fixture(db, ReportQueueFixture.fast());
        assertThat(fixture.tasks.upkeep().analyzeIfStale()).isFalse();
        submitAll(1_500);

        // Table counters reach the statistics views within seconds of the commits.
        Instant deadline = Instant.now().plusSeconds(30);
        boolean analysed = false;
        while (!analysed && Instant.now().isBefore(deadline)) {
            analysed = fixture.tasks.upkeep().analyzeIfStale();
            Thread.sleep(200);
        }

        assertThat(analysed).isTrue();
        assertThat(new FixedSql(db.dsl())
                        .queryOne("SELECT reltuples FROM pg_class WHERE relname = 'report_tasks'", rs -> rs.getLong(1))
                        .orElseThrow())
                .isEqualTo(1_500);
        // Sampled at statistics target 20 (a quarter of the default's time): 21 histogram bounds, not 101.
        assertThat(new FixedSql(db.dsl()).queryOne("""
                                SELECT cardinality(histogram_bounds::text::text[]) FROM pg_stats
                                WHERE tablename = 'report_tasks' AND attname = 'created_at'""", rs -> rs.getInt(1)).orElseThrow())
                .isEqualTo(21);
        assertThat(fixture.tasks.upkeep().analyzeIfStale()).isFalse();
        // No worker ran: the attempts table stayed empty and fresh, and was left alone.
        assertThat(new FixedSql(db.dsl())
                        .queryOne(
                                "SELECT pg_stat_get_analyze_count('report_task_attempts'::regclass)",
                                rs -> rs.getLong(1))
                        .orElseThrow())
                .isZero();
    }

    @Test
    void planner_statistics_refresh_leaves_its_pooled_connection_as_it_found_it(
            Database db, ConnectionSettings settings) throws InterruptedException {
        fixture(db, ReportQueueFixture.fast());
        submitAll(1_500);
        awaitModificationsSinceAnalyze(new FixedSql(db.dsl()), 1_500);

        // One connection: the one the ANALYZE ran on is the one read after it. Each JDBC call the code makes on
        // the connection the pool hands out is recorded: a transaction's autocommit switch is what HikariCP resets
        // as the connection goes back, a branch of its close() that the per-task path never takes (C2's code of
        // that path was thrown away at an ANALYZE).
        List<String> calls = new CopyOnWriteArrayList<>();
        try (Database one = Database.connect(settings, "one", 1)) {
            DSLContext recorded = DSL.using(recording(one.dataSource(), calls), SQLDialect.POSTGRES);
            assertThat(new ReportTaskRepository(recorded, ReportChanges.NONE)
                            .upkeep()
                            .analyzeIfStale())
                    .isTrue();

            assertThat(calls).doesNotContain("setAutoCommit", "commit", "rollback");
            assertThat(new FixedSql(one.dsl())
                            .queryOne(
                                    "SELECT setting, reset_val FROM pg_settings"
                                            + " WHERE name = 'default_statistics_target'",
                                    rs -> List.of(rs.getString(1), rs.getString(2)))
                            .orElseThrow())
                    .as("the statistics target set for the ANALYZE (setting, server's), reset after it")
                    .satisfies(v -> assertThat(v.get(0)).isEqualTo(v.get(1)));
        }
        assertThat(new FixedSql(db.dsl()).queryOne("""
                                SELECT cardinality(histogram_bounds::text::text[]) FROM pg_stats
                                WHERE tablename = 'report_tasks' AND attname = 'created_at'""", rs -> rs.getInt(1)).orElseThrow())
                .isEqualTo(21);
    }

    /** {@code dataSource}, each method called on a connection it gives recorded by name in {@code calls}. */
    private static DataSource recording(DataSource dataSource, List<String> calls) {
        return (DataSource) Proxy.newProxyInstance(
                GroupCommitIT.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    Object r = invoke(m, dataSource, args);
                    if (!(r instanceof Connection c)) {
                        return r;
                    }
                    return Proxy.newProxyInstance(
                            GroupCommitIT.class.getClassLoader(),
                            new Class<?>[] {Connection.class},
                            (cp, cm, cargs) -> {
                                calls.add(cm.getName());
                                return invoke(cm, c, cargs);
                            });
                });
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void planner_statistics_are_not_refreshed_for_the_writes_of_the_rows_own_lives_only_past_them(Database db)
            throws InterruptedException {
        fixture(db, ReportQueueFixture.fast());
        submitAll(1_500);
        FixedSql sql = new FixedSql(db.dsl());
        awaitModificationsSinceAnalyze(sql, 1_500); // the inserts counted, then forgotten by the ANALYZE
        sql.update("ANALYZE report_tasks, report_task_attempts");

        // Two writes more per task (its claim and its end): a task's life, not a churn of the table.
        sql.update("UPDATE report_tasks SET updated_at = updated_at");
        sql.update("UPDATE report_tasks SET updated_at = updated_at");
        awaitModificationsSinceAnalyze(sql, 3_000);
        assertThat(fixture.tasks.upkeep().analyzeIfStale()).isFalse();

        // Three more writes per task: past its rows' whole lives once more than its size.
        for (int i = 0; i < 3; i++) {
            sql.update("UPDATE report_tasks SET updated_at = updated_at");
        }
        awaitModificationsSinceAnalyze(sql, 7_500);
        assertThat(fixture.tasks.upkeep().analyzeIfStale()).isTrue();
        assertThat(fixture.tasks.upkeep().analyzeIfStale()).isFalse();
    }

    @Test
    void planner_statistics_follow_a_table_doubling_while_small_and_quadrupling_past_its_settled_size(Database db)
            throws InterruptedException {
        fixture(db, ReportQueueFixture.fast());
        FixedSql sql = new FixedSql(db.dsl());
        FinishedTasks.insert(db.dsl(), "u", 10, 3_000);
        sql.update("ANALYZE report_tasks, report_task_attempts");

        // Doubled while small: analysed at 3,000 rows, then at 8,000 (under the settled size, still twice).
        FinishedTasks.insert(db.dsl(), "u", 10, 5_000);
        awaitModificationsSinceAnalyze(sql, 5_000);
        assertThat(fixture.tasks.upkeep().analyzeIfStale()).isTrue();
        FinishedTasks.insert(db.dsl(), "u", 10, 10_000);
        awaitModificationsSinceAnalyze(sql, 10_000);
        assertThat(fixture.tasks.upkeep().analyzeIfStale()).isTrue();
        long analysed = sql.queryOne(
                        "SELECT reltuples FROM pg_class WHERE relname = 'report_tasks'", rs -> rs.getLong(1))
                .orElseThrow();
        assertThat(analysed)
                .as("analysed rows, past the settled size")
                .isGreaterThanOrEqualTo(ReportTaskUpkeep.SETTLED_ROWS);

        // Past it: grown over twice its analysed rows, left alone; over four times, analysed.
        long rows = sql.queryOne("SELECT count(*) FROM report_tasks", rs -> rs.getLong(1))
                .orElseThrow();
        int toTwoAndAHalf = (int) (2.5 * analysed - rows);
        FinishedTasks.insert(db.dsl(), "u", 10, toTwoAndAHalf);
        awaitModificationsSinceAnalyze(sql, toTwoAndAHalf);
        assertThat(fixture.tasks.upkeep().analyzeIfStale()).isFalse();
        int toFourAndAHalf = (int) (2 * analysed);
        FinishedTasks.insert(db.dsl(), "u", 10, toFourAndAHalf);
        awaitModificationsSinceAnalyze(sql, toTwoAndAHalf + toFourAndAHalf);
        assertThat(fixture.tasks.upkeep().analyzeIfStale()).isTrue();
    }

    /** Table counters reach the statistics views a moment after the commits. */
    private static void awaitModificationsSinceAnalyze(FixedSql sql, long atLeast) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        long seen = 0;
        while (seen < atLeast && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            seen = sql.queryOne(
                            "SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'report_tasks'",
                            rs -> rs.getLong(1))
                    .orElseThrow();
        }
        assertThat(seen).as("report_tasks' writes since its ANALYZE").isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void queue_scripts_flushed_from_redis_are_loaded_again(Database db) {
        fixture(db, ReportQueueFixture.fast());
        submitAsync("u1", Optional.empty()).join();
        fixture.redis.scriptFlush();

        submitAsync("u1", Optional.empty(), "key", "after-flush").join();

        assertThat(fixture.queue.length("reports")).isEqualTo(2);
    }

    private ReportTask await(UUID id) {
        Instant deadline = Instant.now().plusSeconds(30);
        ReportTask t = fixture.tasks.find(id).orElseThrow();
        while (!t.state().terminal() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            t = fixture.tasks.find(id).orElseThrow();
        }
        return t;
    }

    private static Object outcome(CompletableFuture<ReportQueueService.Submission> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
