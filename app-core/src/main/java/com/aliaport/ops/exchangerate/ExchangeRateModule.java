package com.aliaport.ops.exchangerate;

import com.aliaport.ops.alert.AlertSender;
import com.aliaport.ops.common.Json;
import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.exchangerate.db.KurlarRepository;
import com.aliaport.ops.exchangerate.evds.EvdsRateSource;
import com.aliaport.ops.exchangerate.redis.RedisRateCache;
import com.aliaport.ops.exchangerate.tcmb.TcmbRateSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.jooq.DSLContext;
import redis.clients.jedis.UnifiedJedis;

/**
 * The exchange-rate feature wired from its configuration, for the composition root: the sync service, the
 * {@code kur_guncelleme_daily} job body, the read side of {@code GET /api/kurlar} and its cache. Close it to release the
 * HTTP client.
 */
public record ExchangeRateModule(
        ExchangeRateSyncService sync,
        KurGuncellemeJob job,
        ExchangeRateQueryService query,
        RateCache cache,
        TurkishBusinessCalendar calendar,
        SourceHttpClient http)
        implements AutoCloseable {

    /**
     * @param retries the scheduler's retries for this job ({@code AppConfig.scheduler().retriesOf(job id)}): a scheduled
     *     run alerts HIGH only on the attempt after them
     */
    public static ExchangeRateModule create(
            AppConfig.RateSources config,
            DSLContext dsl,
            UnifiedJedis redis,
            AlertSender alerts,
            MeterRegistry registry,
            Clock clock,
            int retries) {
        TurkishBusinessCalendar calendar = new TurkishBusinessCalendar();
        SourceHttpClient http = new SourceHttpClient(config.connectTimeout());
        RateSource tcmb = new TcmbRateSource(config.tcmbBase(), http, config.tcmbTimeout());
        RateSource evds = config.evdsApiKey().isPresent()
                ? new EvdsRateSource(
                        config.evdsBase(), config.evdsApiKey(), http, config.evdsTimeout(), calendar, Json.MAPPER)
                : RateSource.none(Source.EVDS, "ALIAPORT_EVDS_API_KEY is not set, so there is no fallback");
        KurlarRepository repository = new KurlarRepository(dsl);
        RateCache cache = new RedisRateCache(redis, config.cacheTtl());
        ExchangeRateMetrics metrics = new ExchangeRateMetrics(registry);
        ExchangeRateSyncService sync = new ExchangeRateSyncService(
                tcmb,
                evds,
                repository,
                cache,
                alerts,
                metrics,
                calendar,
                clock,
                ExchangeRateSyncService.Settings.fromPercent(config.anomalyPercent(), config.backfillDays()));
        sync.restoreMetrics();
        return new ExchangeRateModule(
                sync,
                new KurGuncellemeJob(sync, calendar, alerts, retries),
                new ExchangeRateQueryService(repository, cache, clock),
                cache,
                calendar,
                http);
    }

    @Override
    public void close() {
        http.close();
    }
}
