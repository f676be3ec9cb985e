package com.aliaport.ops.exchangerate.bench;

import static com.aliaport.ops.exchangerate.LocalHttpServer.xml;

import com.aliaport.ops.alert.AlertSender;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.exchangerate.ExchangeRateMetrics;
import com.aliaport.ops.exchangerate.ExchangeRateSyncService;
import com.aliaport.ops.exchangerate.Fixtures;
import com.aliaport.ops.exchangerate.LocalHttpServer;
import com.aliaport.ops.exchangerate.RateSource;
import com.aliaport.ops.exchangerate.SettableClock;
import com.aliaport.ops.exchangerate.Source;
import com.aliaport.ops.exchangerate.SourceHttpClient;
import com.aliaport.ops.exchangerate.TurkishBusinessCalendar;
import com.aliaport.ops.exchangerate.db.KurlarRepository;
import com.aliaport.ops.exchangerate.redis.RedisRateCache;
import com.aliaport.ops.exchangerate.tcmb.TcmbRateSource;
import com.aliaport.ops.testsupport.TestPostgres;
import com.aliaport.ops.testsupport.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * One sync end to end (HTTP fetch from a local TCMB, parse, validate, UPSERT, SCAN-invalidate Redis) 100 times,
 * p50/p99; then a back-fill of a year of business days into an empty table. Real PostgreSQL and Redis (the test
 * ones). Run with {@code bench/exchange-rate-sync.sh}.
 */
public final class ExchangeRateSyncBenchmark {
    private static final int WARMUP = 20;
    private static final int RUNS = 100;
    private static final DateTimeFormatter FILE_DAY = DateTimeFormatter.ofPattern("ddMMyyyy");

    public static void main(String[] args) {
        try (LocalHttpServer tcmbServer = new LocalHttpServer();
                SourceHttpClient http = new SourceHttpClient(Duration.ofSeconds(5));
                JedisPooled redis = new JedisPooled(TestRedis.uri())) {
            // any archive day answers with the 31.01.2024 rates re-dated to it
            tcmbServer.onPrefix(
                    "/kurlar/",
                    rest -> xml(Fixtures.tcmb2024DatedOn(
                            LocalDate.parse(rest.substring(rest.indexOf('/') + 1, rest.indexOf('.')), FILE_DAY))));
            TestRedis.flush();
            fetchOnly(tcmbServer, http);
            endToEnd(tcmbServer, http, redis);
            backfillYear(tcmbServer, http, redis);
        }
        System.exit(0);
    }

    private static ExchangeRateSyncService service(
            Database db,
            LocalHttpServer server,
            SourceHttpClient http,
            JedisPooled redis,
            SettableClock clock,
            int backfillDays) {
        return new ExchangeRateSyncService(
                new TcmbRateSource(server.uri("/kurlar"), http, Duration.ofSeconds(10)),
                RateSource.none(Source.EVDS, "benchmark"),
                new KurlarRepository(db.dsl()),
                new RedisRateCache(redis, Duration.ofMinutes(5)),
                AlertSender.LOG,
                new ExchangeRateMetrics(new SimpleMeterRegistry()),
                new TurkishBusinessCalendar(),
                clock,
                ExchangeRateSyncService.Settings.fromPercent(10, backfillDays));
    }

    /** The HTTP fetch and parse alone, to tell the network part from the database part. */
    private static void fetchOnly(LocalHttpServer server, SourceHttpClient http) {
        TcmbRateSource tcmb = new TcmbRateSource(server.uri("/kurlar"), http, Duration.ofSeconds(10));
        double[] millis = new double[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long start = System.nanoTime();
            tcmb.bulletinOf(LocalDate.of(2024, 1, 31));
            if (i >= WARMUP) {
                millis[i - WARMUP] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        System.out.printf(
                "fetch + parse only, %d runs: p50 %.2f ms, p99 %.2f ms%n",
                RUNS, millis[RUNS / 2 - 1], millis[(int) Math.ceil(RUNS * 0.99) - 1]);
    }

    private static void endToEnd(LocalHttpServer server, SourceHttpClient http, JedisPooled redis) {
        ConnectionSettings settings = TestPostgres.newDatabase();
        try (Database db = Database.connect(settings, "bench", 4)) {
            SettableClock clock = SettableClock.istanbul("2024-01-31T16:05");
            ExchangeRateSyncService sync = service(db, server, http, redis, clock, 0);
            LocalDate day = LocalDate.of(2024, 1, 31);
            double[] millis = new double[RUNS];
            for (int i = 0; i < WARMUP + RUNS; i++) {
                for (int k = 0; k < 20; k++) {
                    redis.set("kurlar:2024-01-" + (10 + k), "{}"); // something to invalidate, as readers leave it
                }
                long start = System.nanoTime();
                sync.syncDate(day, Optional.empty());
                if (i >= WARMUP) {
                    millis[i - WARMUP] = (System.nanoTime() - start) / 1e6;
                }
            }
            Arrays.sort(millis);
            System.out.printf(
                    "sync end to end, %d runs (after %d warm-up): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    RUNS, WARMUP, millis[RUNS / 2 - 1], millis[(int) Math.ceil(RUNS * 0.99) - 1], millis[RUNS - 1]);
        } finally {
            TestPostgres.drop(settings);
        }
    }

    private static void backfillYear(LocalHttpServer server, SourceHttpClient http, JedisPooled redis) {
        ConnectionSettings settings = TestPostgres.newDatabase();
        try (Database db = Database.connect(settings, "bench", 4)) {
            SettableClock clock = SettableClock.istanbul("2025-12-31T16:05");
            ExchangeRateSyncService sync = service(db, server, http, redis, clock, 365);
            long start = System.nanoTime();
            var outcome = sync.backfill(LocalDate.of(2025, 12, 31), Optional.empty(), () -> false);
            double seconds = (System.nanoTime() - start) / 1e9;
            int rows = db.dsl().fetchCount(com.aliaport.ops.db.generated.Tables.KURLAR);
            System.out.printf(
                    "back-fill of a year (2024-12-31 .. 2025-12-30): %d bulletins, %d rows, %d failed in %.1f s"
                            + " (%.1f ms per bulletin)%n",
                    outcome.stored().size(),
                    rows,
                    outcome.failed().size(),
                    seconds,
                    seconds * 1000 / Math.max(1, outcome.stored().size()));
        } finally {
            TestPostgres.drop(settings);
        }
    }
}
