package com.aliaport.ops.exchangerate;

import static com.aliaport.ops.exchangerate.LocalHttpServer.body;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.config.Secret;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.exchangerate.db.KurlarRepository;
import com.aliaport.ops.exchangerate.evds.EvdsRateSource;
import com.aliaport.ops.exchangerate.redis.RedisRateCache;
import com.aliaport.ops.exchangerate.tcmb.TcmbRateSource;
import com.aliaport.ops.testsupport.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * The sync wired as in production against local fakes of TCMB and EVDS (real HTTP), the test's PostgreSQL
 * and the real Redis; a settable clock and recorded alerts.
 */
public final class SyncHarness implements AutoCloseable {
    public static final String EVDS_PREFIX = "/igmevdsms-dis/";

    public final LocalHttpServer tcmbServer = new LocalHttpServer();
    public final LocalHttpServer evdsServer = new LocalHttpServer();
    public final SettableClock clock;
    public final RecordingAlerts alerts = new RecordingAlerts();
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final TurkishBusinessCalendar calendar = new TurkishBusinessCalendar();
    public final KurlarRepository repository;
    public final JedisPooled redis = new JedisPooled(TestRedis.uri());
    public final RedisRateCache cache = new RedisRateCache(redis, Duration.ofMinutes(5));
    public final SourceHttpClient http = new SourceHttpClient(Duration.ofSeconds(2));
    public final TcmbRateSource tcmb;
    private final ExchangeRateMetrics metrics = new ExchangeRateMetrics(registry);

    public SyncHarness(Database db, SettableClock clock) {
        this.clock = clock;
        this.repository = new KurlarRepository(db.dsl());
        this.tcmb = new TcmbRateSource(tcmbServer.uri("/kurlar"), http, Duration.ofSeconds(1));
        TestRedis.flush();
    }

    /** EVDS answering like EVDS3: 403 without the key header, else the recorded 21-currency answer. */
    public SyncHarness recordedEvds() {
        evdsServer.onPrefix(EVDS_PREFIX, rest -> ex -> {
            if (ex.getRequestHeaders().getFirst("key") == null) {
                body(403, "application/json", Fixtures.evds403()).respond(ex);
            } else {
                body(200, "application/json;charset=UTF-8", Fixtures.evdsFx()).respond(ex);
            }
        });
        return this;
    }

    public RateSource evds() {
        return evds("test-key");
    }

    public RateSource evds(String key) {
        return new EvdsRateSource(
                evdsServer.uri(EVDS_PREFIX),
                Optional.of(new Secret(key)),
                http,
                Duration.ofSeconds(2),
                calendar,
                Json.MAPPER);
    }

    public RateSource noEvds() {
        return RateSource.none(Source.EVDS, "ALIAPORT_EVDS_API_KEY is not set, so there is no fallback");
    }

    public ExchangeRateSyncService service(RateSource fallback) {
        return service(fallback, 31);
    }

    public ExchangeRateSyncService service(RateSource fallback, int backfillDays) {
        return service(fallback, backfillDays, cache);
    }

    /** The service with a cache of the test's own (one on a restricted Redis connection, say). */
    public ExchangeRateSyncService service(RateSource fallback, int backfillDays, RateCache cache) {
        return new ExchangeRateSyncService(
                tcmb,
                fallback,
                repository,
                cache,
                alerts,
                metrics,
                calendar,
                clock,
                ExchangeRateSyncService.Settings.fromPercent(10, backfillDays));
    }

    public double counter(String name) {
        return registry.get(name).counter().count();
    }

    @Override
    public void close() {
        http.close();
        tcmbServer.close();
        evdsServer.close();
        redis.close();
    }
}
