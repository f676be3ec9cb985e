package com.aliaport.ops.exchangerate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The contract's {@code kur_sync_*} metrics, registered up front so that a sync that never ran reads 0. Dotted
 * names; the Prometheus registry renders them as {@code kur_sync_success_total}, {@code kur_sync_failure_total},
 * {@code kur_sync_duration_seconds}, {@code kur_sync_rate_count{currency}} and
 * {@code kur_sync_last_success_timestamp} (epoch seconds). One success or failure is one bulletin date synced.
 * {@code kur_sync_rate_count} is, per currency, the number of rates the last successful sync wrote (0 when the
 * bulletin no longer lists it).
 */
public final class ExchangeRateMetrics {
    /** The currencies of the current bulletin: their gauges exist before the first sync. */
    private static final List<String> KNOWN = List.of(
            "USD", "AUD", "DKK", "EUR", "GBP", "CHF", "SEK", "CAD", "KWD", "NOK", "SAR", "JPY", "RON", "RUB", "CNY",
            "PKR", "QAR", "KRW", "AZN", "AED", "KZT", "XDR");

    private final MeterRegistry registry;
    private final Counter success;
    private final Counter failure;
    private final Timer duration;
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
    private final Map<String, AtomicLong> rateCounts = new ConcurrentHashMap<>();

    public ExchangeRateMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.success = Counter.builder("kur.sync.success")
                .description("Bulletin dates synced successfully")
                .register(registry);
        this.failure = Counter.builder("kur.sync.failure")
                .description("Bulletin dates whose sync failed")
                .register(registry);
        this.duration = Timer.builder("kur.sync.duration")
                .description("Time to sync one bulletin: fetch, parse, validate, upsert, invalidate")
                .serviceLevelObjectives(
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(120))
                .register(registry);
        Gauge.builder("kur.sync.last.success.timestamp", lastSuccessEpochSeconds, AtomicLong::get)
                .description("When a bulletin was last synced successfully, in seconds since the epoch")
                .register(registry);
        KNOWN.forEach(this::rateCount);
    }

    private AtomicLong rateCount(String currency) {
        return rateCounts.computeIfAbsent(currency, c -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("kur.sync.rate.count", value, AtomicLong::get)
                    .description("Rates of this currency written by the last successful sync")
                    .tag("currency", c)
                    .register(registry);
            return value;
        });
    }

    /** Restores the last-success time after a restart (from the newest {@code kurlar.updated_at}). */
    public void restoreLastSuccess(Instant at) {
        lastSuccessEpochSeconds.accumulateAndGet(at.getEpochSecond(), Math::max);
    }

    public void succeeded(Collection<String> currencies, Duration took, Instant at) {
        success.increment();
        duration.record(took);
        lastSuccessEpochSeconds.set(at.getEpochSecond());
        rateCounts.values().forEach(v -> v.set(0));
        currencies.forEach(c -> rateCount(c).incrementAndGet());
    }

    public void failed(Duration took) {
        failure.increment();
        duration.record(took);
    }
}
