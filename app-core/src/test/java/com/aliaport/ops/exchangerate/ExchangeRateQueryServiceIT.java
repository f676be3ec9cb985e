package com.aliaport.ops.exchangerate;

import static com.aliaport.ops.db.generated.Tables.KURLAR;
import static com.aliaport.ops.exchangerate.LocalHttpServer.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.exchangerate.redis.RedisRateCache;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

/** The read side of {@code GET /api/kurlar}, cache-aside through real Redis. */
@ExtendWith(PostgresExtension.class)
class ExchangeRateQueryServiceIT {
    private static final LocalDate DAY = Fixtures.TCMB_2024;

    private static SyncHarness synced(Database db) {
        SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2024-02-05T12:00"));
        h.tcmbServer.on("/kurlar/202401/31012024.xml", xml(Fixtures.tcmb(DAY)));
        h.service(h.noEvds()).syncDate(DAY, Optional.empty());
        return h;
    }

    @Test
    void a_miss_reads_the_database_and_fills_the_cache_then_a_hit_is_served_from_redis(Database db) {
        try (SyncHarness h = synced(db)) {
            ExchangeRateQueryService query = new ExchangeRateQueryService(h.repository, h.cache, h.clock);

            RatesOfDay first = query.ratesOn(DAY).orElseThrow();

            assertThat(first.bultenTarihi()).isEqualTo(DAY);
            assertThat(first.bultenNo()).isEqualTo("2024/22");
            assertThat(first.kurlar()).hasSize(23);
            RatesOfDay.Rate usd = first.kurlar().stream()
                    .filter(r -> r.dovizKodu().equals("USD"))
                    .findFirst()
                    .orElseThrow();
            assertThat(usd.alis()).isEqualTo(new BigDecimal("30.2952"));
            assertThat(usd.efektifSatis()).isEqualTo(new BigDecimal("30.3953"));
            assertThat(h.redis.get("kurlar:2024-01-31"))
                    .contains("\"doviz_kodu\":\"USD\"")
                    .contains("\"alis\":30.2952");

            // change the row behind the cache's back: the cached answer is served
            db.dsl()
                    .update(KURLAR)
                    .set(KURLAR.ALIS, new BigDecimal("1"))
                    .where(KURLAR.DOVIZ_KODU.eq("USD"))
                    .execute();
            assertThat(query.ratesOn(DAY).orElseThrow()).isEqualTo(first);
        }
    }

    @Test
    void a_sync_invalidates_the_cached_answer(Database db) {
        try (SyncHarness h = synced(db)) {
            ExchangeRateQueryService query = new ExchangeRateQueryService(h.repository, h.cache, h.clock);
            query.ratesOn(DAY);
            String revised = Fixtures.withUsd(Fixtures.tcmb2024Text(), "ForexBuying", "30.2999");
            h.tcmbServer.on("/kurlar/202401/31012024.xml", xml(revised.getBytes(StandardCharsets.UTF_8)));

            h.service(h.noEvds()).syncDate(DAY, Optional.empty());

            assertThat(h.redis.exists("kurlar:2024-01-31")).isFalse();
            assertThat(query.ratesOn(DAY).orElseThrow().kurlar())
                    .filteredOn(r -> r.dovizKodu().equals("USD"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.alis()).isEqualTo(new BigDecimal("30.2999")));
        }
    }

    @Test
    void a_weekend_gets_the_rates_of_the_last_bulletin_before_it(Database db) {
        try (SyncHarness h = synced(db)) {
            ExchangeRateQueryService query = new ExchangeRateQueryService(h.repository, h.cache, h.clock);

            RatesOfDay saturday = query.ratesOn(LocalDate.of(2024, 2, 3)).orElseThrow();

            assertThat(saturday.tarih()).isEqualTo(LocalDate.of(2024, 2, 3));
            assertThat(saturday.bultenTarihi()).isEqualTo(DAY);
        }
    }

    @Test
    void no_bulletin_within_ten_days_before_the_date_is_no_answer(Database db) {
        try (SyncHarness h = synced(db)) {
            ExchangeRateQueryService query = new ExchangeRateQueryService(h.repository, h.cache, h.clock);

            assertThat(query.ratesOn(LocalDate.of(2024, 1, 30))).isEmpty();
            assertThat(query.ratesOn(LocalDate.of(2024, 2, 11))).isEmpty();
            assertThat(h.redis.exists("kurlar:2024-01-30")).isFalse();
        }
    }

    @Test
    void a_bad_or_future_tarih_is_refused_naming_the_field_and_a_missing_one_means_today(Database db) {
        try (SyncHarness h = synced(db)) {
            ExchangeRateQueryService query = new ExchangeRateQueryService(h.repository, h.cache, h.clock);

            assertThatThrownBy(() -> query.parseDate(Optional.of("31.01.2024")))
                    .isInstanceOf(InvalidRateQueryException.class)
                    .hasMessage("tarih '31.01.2024' is not a date (yyyy-MM-dd)")
                    .extracting(e -> ((InvalidRateQueryException) e).field())
                    .isEqualTo("tarih");
            assertThatThrownBy(() -> query.parseDate(Optional.of("2024-02-06")))
                    .hasMessage("tarih 2024-02-06 is in the future");
            assertThat(query.parseDate(Optional.empty())).isEqualTo(LocalDate.of(2024, 2, 5));
        }
    }

    @Test
    void redis_down_falls_through_to_the_database(Database db) {
        try (SyncHarness h = synced(db);
                JedisPooled nowhere = new JedisPooled("redis://127.0.0.1:1")) {
            ExchangeRateQueryService query = new ExchangeRateQueryService(
                    h.repository, new RedisRateCache(nowhere, Duration.ofMinutes(1)), h.clock);

            assertThat(query.ratesOn(DAY)).isPresent();
        }
    }
}
