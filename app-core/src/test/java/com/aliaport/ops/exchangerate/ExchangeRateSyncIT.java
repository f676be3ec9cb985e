package com.aliaport.ops.exchangerate;

import static com.aliaport.ops.db.generated.Tables.KURLAR;
import static com.aliaport.ops.db.generated.Tables.KUR_ANOMALIES;
import static com.aliaport.ops.exchangerate.LocalHttpServer.body;
import static com.aliaport.ops.exchangerate.LocalHttpServer.status;
import static com.aliaport.ops.exchangerate.LocalHttpServer.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.alert.Severity;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.db.generated.tables.records.KurlarRecord;
import com.aliaport.ops.exchangerate.ExchangeRateSyncService.NoBulletin;
import com.aliaport.ops.exchangerate.ExchangeRateSyncService.Stored;
import com.aliaport.ops.exchangerate.redis.RedisRateCache;
import com.aliaport.ops.testsupport.LogCapture;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestRedis;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jooq.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/** The sync end to end: local TCMB and EVDS over real HTTP, real PostgreSQL, real Redis. */
@ExtendWith(PostgresExtension.class)
class ExchangeRateSyncIT {
    private static final LocalDate DAY = Fixtures.TCMB_2024; // Wednesday 31.01.2024
    private static final String DAY_PATH = "/kurlar/202401/31012024.xml";
    private static final Optional<Long> NO_RUN = Optional.empty();

    private static SyncHarness harness(Database db) {
        return new SyncHarness(db, SettableClock.istanbul("2024-01-31T16:05"));
    }

    private static Result<KurlarRecord> kurlar(Database db) {
        return db.dsl()
                .selectFrom(KURLAR)
                .orderBy(KURLAR.TARIH, KURLAR.DOVIZ_KODU)
                .fetch();
    }

    private static KurlarRecord row(Database db, LocalDate date, String code) {
        return db.dsl()
                .selectFrom(KURLAR)
                .where(KURLAR.TARIH.eq(date).and(KURLAR.DOVIZ_KODU.eq(code)))
                .fetchOne();
    }

    @Test
    void stores_a_normal_day_under_its_bulletin_date_with_exact_decimals_and_units_as_published(Database db) {
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.on(DAY_PATH, xml(Fixtures.tcmb(DAY)));

            var outcome = h.service(h.noEvds()).syncDate(DAY, NO_RUN);

            assertThat(outcome).isInstanceOf(Stored.class);
            assertThat(kurlar(db)).hasSize(23);
            KurlarRecord usd = row(db, DAY, "USD");
            assertThat(usd.getAlis()).isEqualByComparingTo("30.2952");
            assertThat(usd.getSatis()).isEqualByComparingTo("30.3497");
            assertThat(usd.getEfektifAlis()).isEqualByComparingTo("30.2740");
            assertThat(usd.getEfektifSatis()).isEqualByComparingTo("30.3953");
            assertThat(usd.getKaynak()).isEqualTo("TCMB");
            assertThat(usd.getBultenNo()).isEqualTo("2024/22");
            assertThat(usd.getDovizAdi()).isEqualTo("ABD DOLARI");
            KurlarRecord jpy = row(db, DAY, "JPY");
            assertThat(jpy.getBirim()).isEqualTo(100);
            assertThat(jpy.getAlis()).isEqualByComparingTo("20.4569");
            KurlarRecord xdr = row(db, DAY, "XDR");
            assertThat(xdr.getSatis()).isNull();
            assertThat(xdr.getAlis()).isEqualByComparingTo("40.3103");
            assertThat(row(db, DAY, "KRW").getAlis()).isEqualByComparingTo("0.02258");
            assertThat(h.counter("kur.sync.success")).isEqualTo(1.0);
            assertThat(h.alerts.sent()).isEmpty();
        }
    }

    @Test
    void today_xml_is_stored_under_its_own_tarih(Database db) {
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.on("/kurlar/today.xml", xml(Fixtures.tcmb(DAY)));
            ExchangeRateSyncService sync = h.service(h.noEvds());

            assertThat(sync.expectedLatest()).isEqualTo(DAY);
            sync.syncLatest(DAY, NO_RUN);

            assertThat(kurlar(db)).extracting(KurlarRecord::getTarih).containsOnly(DAY);
        }
    }

    @Test
    void a_stale_today_xml_after_publication_time_fails_so_that_the_scheduler_retries(Database db) {
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.on("/kurlar/today.xml", xml(Fixtures.tcmb2024DatedOn(DAY.minusDays(1))));

            assertThatThrownBy(() -> h.service(h.noEvds()).syncLatest(DAY, NO_RUN))
                    .isInstanceOf(ExchangeRateSyncException.class)
                    .hasMessageContaining("not published yet");
            assertThat(kurlar(db)).isEmpty();
        }
    }

    @Test
    void a_weekend_date_has_no_bulletin_and_nothing_is_asked_or_written(Database db) {
        try (SyncHarness h = harness(db)) {
            var outcome = h.service(h.noEvds()).syncDate(LocalDate.of(2024, 1, 27), NO_RUN);

            assertThat(outcome).isInstanceOf(NoBulletin.class);
            assertThat(outcome.describe()).contains("Saturday");
            assertThat(h.tcmbServer.requests()).isEmpty();
            assertThat(kurlar(db)).isEmpty();
        }
    }

    @Test
    void a_404_from_the_archive_on_a_business_day_is_a_day_without_bulletin(Database db) {
        try (SyncHarness h = harness(db)) {
            var outcome = h.service(h.recordedEvds().evds()).syncDate(LocalDate.of(2024, 1, 30), NO_RUN);

            assertThat(outcome).isInstanceOf(NoBulletin.class);
            assertThat(outcome.describe()).contains("404");
            assertThat(h.evdsServer.requests())
                    .as("a 404 is an answer, not a failure")
                    .isEmpty();
            assertThat(h.alerts.sent()).isEmpty();
        }
    }

    @Test
    void an_archive_answer_for_another_date_is_rejected_and_nothing_written(Database db) {
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.on("/kurlar/202401/30012024.xml", xml(Fixtures.tcmb(DAY)));

            assertThatThrownBy(() -> h.service(h.noEvds()).syncDate(LocalDate.of(2024, 1, 30), NO_RUN))
                    .isInstanceOf(ExchangeRateSyncException.class)
                    .hasMessageContaining("it is dated 2024-01-31 but the bulletin of 2024-01-30 was asked for")
                    .hasMessageContaining("nothing written");
            assertThat(kurlar(db)).isEmpty();
            assertThat(h.counter("kur.sync.failure")).isEqualTo(1.0);
        }
    }

    private void assertFailsWithoutFallbackAndWritesNothing(
            Database db, LocalHttpServer.Responder answer, String expected) {
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.on(DAY_PATH, answer == null ? h.tcmbServer.never() : answer);

            assertThatThrownBy(() -> h.service(h.noEvds()).syncDate(DAY, NO_RUN))
                    .isInstanceOf(ExchangeRateSyncException.class)
                    .hasMessageContaining(expected)
                    .hasMessageContaining("EVDS: EVDS is not configured: ALIAPORT_EVDS_API_KEY is not set");
            assertThat(kurlar(db)).isEmpty();
        }
    }

    @Test
    void a_truncated_body_fails_the_sync_and_writes_nothing(Database db) {
        byte[] whole = Fixtures.tcmb(DAY);
        assertFailsWithoutFallbackAndWritesNothing(
                db, xml(Arrays.copyOf(whole, whole.length - 40)), "not well-formed XML");
    }

    @Test
    void an_html_error_page_fails_the_sync_and_writes_nothing(Database db) {
        assertFailsWithoutFallbackAndWritesNothing(
                db,
                body(
                        200,
                        "text/html",
                        "<html><body><h1>Hizmet geçici olarak kullanılamıyor</h1></body></html>"
                                .getBytes(StandardCharsets.UTF_8)),
                "root element <html>");
    }

    @Test
    void a_5_mb_body_fails_the_sync_and_writes_nothing(Database db) {
        byte[] huge = new byte[5 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        assertFailsWithoutFallbackAndWritesNothing(db, xml(huge), "larger than the 1048576-byte cap");
    }

    @Test
    void a_server_that_never_answers_fails_the_sync_after_the_timeout(Database db) {
        assertFailsWithoutFallbackAndWritesNothing(db, null, "within 1 s");
    }

    @Test
    void tcmb_500_falls_back_to_evds_whose_monday_row_holds_the_friday_bulletin(Database db) {
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2026-03-09T17:00"))) {
            h.recordedEvds();
            LocalDate friday = LocalDate.of(2026, 3, 6);
            h.tcmbServer.on("/kurlar/202603/06032026.xml", status(500, "text/html", "<h1>500</h1>"));

            Stored stored = (Stored) h.service(h.evds()).syncDate(friday, NO_RUN);

            assertThat(stored.source()).isEqualTo(Source.EVDS);
            assertThat(stored.notes()).anyMatch(n -> n.contains("HTTP 500") && n.contains("served by EVDS"));
            assertThat(kurlar(db))
                    .hasSize(21)
                    .extracting(KurlarRecord::getTarih)
                    .containsOnly(friday);
            KurlarRecord usd = row(db, friday, "USD");
            assertThat(usd.getAlis()).isEqualByComparingTo("43.9055"); // EVDS row 09-03-2026
            assertThat(usd.getSatis()).isEqualByComparingTo("43.9846");
            assertThat(usd.getKaynak()).isEqualTo("EVDS");
            assertThat(usd.getBultenNo()).isNull();
            assertThat(row(db, friday, "JPY").getBirim()).isEqualTo(100);
            assertThat(h.evdsServer.requests().getFirst().header("key")).isEqualTo("test-key");
        }
    }

    @Test
    void the_evds_key_never_shows_in_a_log_line_an_alert_or_the_error_even_when_evds_echoes_it(Database db) {
        String key = "evds-Key-7f3a9c1e55";
        try (SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2026-03-09T17:00"));
                LogCapture logs = new LogCapture()) {
            LocalDate friday = LocalDate.of(2026, 3, 6);
            h.tcmbServer.on("/kurlar/202603/06032026.xml", status(500, "text/html", "<h1>500</h1>"));
            List<String> errors = new ArrayList<>();
            // EVDS answers that quote the key back: a refusal, a server error, an HTML page
            for (LocalHttpServer.Responder answer : List.of(
                    status(401, "text/plain", "Invalid API Key " + key),
                    status(500, "application/json", "{\"message\":\"key " + key + " failed\"}"),
                    status(200, "text/html", "<html>key=" + key + "</html>"))) {
                h.evdsServer.onPrefix(SyncHarness.EVDS_PREFIX, rest -> answer);

                assertThatThrownBy(() -> h.service(h.evds(key)).syncDate(friday, NO_RUN))
                        .isInstanceOf(ExchangeRateSyncException.class)
                        .satisfies(e -> errors.add(e.getMessage()));
            }

            assertThat(h.evdsServer.requests())
                    .allSatisfy(r -> assertThat(r.header("key")).isEqualTo(key));
            assertThat(errors)
                    .hasSize(3)
                    .allSatisfy(e -> assertThat(e).contains("EVDS").doesNotContain(key));
            assertThat(errors.getFirst()).contains("Invalid API Key ****");
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(key));
            assertThat(h.alerts.sent()).noneMatch(a -> (a.title() + a.message() + a.details()).contains(key));
        }
    }

    @Test
    void tcmb_down_without_an_evds_key_fails_and_never_calls_evds(Database db) {
        try (SyncHarness h = harness(db)) {
            h.recordedEvds();
            h.tcmbServer.on(DAY_PATH, status(503, "text/html", "<h1>503</h1>"));

            assertThatThrownBy(() -> h.service(h.noEvds()).syncDate(DAY, NO_RUN))
                    .hasMessageContaining("TCMB: ")
                    .hasMessageContaining("HTTP 503")
                    .hasMessageContaining("ALIAPORT_EVDS_API_KEY is not set");
            assertThat(h.evdsServer.requests()).isEmpty();
            assertThat(kurlar(db)).isEmpty();
        }
    }

    @Test
    void a_15_percent_jump_is_stored_opened_as_an_anomaly_and_alerted_as_a_warning(Database db) {
        try (SyncHarness h = harness(db)) {
            LocalDate next = LocalDate.of(2024, 2, 1);
            h.tcmbServer.on(DAY_PATH, xml(Fixtures.tcmb(DAY)));
            String jumped = Fixtures.withUsd(
                    Fixtures.withUsd(Fixtures.redate(Fixtures.tcmb2024Text(), next), "ForexBuying", "34.8395"),
                    "ForexSelling",
                    "34.9022"); // 30.2952 × 1.15
            h.tcmbServer.on("/kurlar/202402/01022024.xml", xml(jumped.getBytes(StandardCharsets.UTF_8)));
            h.clock.set(SettableClock.istanbul("2024-02-01T16:05").instant());
            ExchangeRateSyncService sync = h.service(h.noEvds());
            sync.syncDate(DAY, NO_RUN);

            Stored stored = (Stored) sync.syncDate(next, Optional.of(42L));

            assertThat(row(db, next, "USD").getAlis()).isEqualByComparingTo("34.8395");
            assertThat(stored.anomalies()).singleElement().satisfies(a -> {
                assertThat(a.code()).isEqualTo("USD");
                assertThat(a.change()).isEqualByComparingTo("0.150001"); // 34.8395 / 30.2952 - 1, to 6 places
            });
            var anomaly = db.dsl().selectFrom(KUR_ANOMALIES).fetchSingle();
            assertThat(anomaly.getTarih()).isEqualTo(next);
            assertThat(anomaly.getDovizKodu()).isEqualTo("USD");
            assertThat(anomaly.getOncekiTarih()).isEqualTo(DAY);
            assertThat(anomaly.getOncekiAlis()).isEqualByComparingTo("30.2952");
            assertThat(anomaly.getYeniAlis()).isEqualByComparingTo("34.8395");
            assertThat(anomaly.getDegisimOrani()).isEqualByComparingTo("0.150001");
            assertThat(anomaly.getStatus()).isEqualTo("OPEN");
            assertThat(anomaly.getJobRunId()).isEqualTo(42L);
            assertThat(h.alerts.sent()).singleElement().satisfies(alert -> {
                assertThat(alert.severity()).isEqualTo(Severity.WARNING);
                assertThat(alert.message()).contains("USD 30.2952 (2024-01-31) → 34.8395 (15.00 %)");
            });
        }
    }

    @Test
    void a_move_of_less_than_ten_percent_opens_nothing(Database db) {
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.on("/kurlar/202401/30012024.xml", xml(Fixtures.tcmb2024DatedOn(LocalDate.of(2024, 1, 30))));
            String moved = Fixtures.withUsd(
                    Fixtures.withUsd(Fixtures.tcmb2024Text(), "ForexBuying", "33.3000"),
                    "ForexSelling",
                    "33.3600"); // +9.9 %
            h.tcmbServer.on(DAY_PATH, xml(moved.getBytes(StandardCharsets.UTF_8)));
            ExchangeRateSyncService sync = h.service(h.noEvds());

            sync.syncDate(LocalDate.of(2024, 1, 30), NO_RUN);
            sync.syncDate(DAY, NO_RUN);

            assertThat(db.dsl().fetchCount(KUR_ANOMALIES)).isZero();
            assertThat(h.alerts.sent()).isEmpty();
        }
    }

    @Test
    void buying_above_selling_rejects_the_whole_bulletin(Database db) {
        try (SyncHarness h = harness(db)) {
            String inverted = Fixtures.withUsd(Fixtures.tcmb2024Text(), "ForexSelling", "30.0000");
            inverted = Fixtures.withUsd(inverted, "BanknoteBuying", "-1");
            h.tcmbServer.on(DAY_PATH, xml(inverted.getBytes(StandardCharsets.UTF_8)));

            assertThatThrownBy(() -> h.service(h.noEvds()).syncDate(DAY, NO_RUN))
                    .isInstanceOf(ExchangeRateSyncException.class)
                    .hasMessageContaining("TCMB bulletin of 2024-01-31 rejected, nothing written")
                    .hasMessageContaining("USD buying 30.2952 is above selling 30.0000")
                    .hasMessageContaining("USD BanknoteBuying is -1, not positive");
            assertThat(kurlar(db)).isEmpty();
        }
    }

    @Test
    void a_currency_code_or_rate_beyond_the_kurlar_columns_rejects_the_bulletin_naming_each(Database db)
            throws Exception {
        // GIVEN a crafted bulletin: a 9-letter code, a 13-digit rate, a rate with 9 decimals
        byte[] crafted;
        try (var in = getClass().getResourceAsStream("/exchangerate/tcmb-31012024-beyond-columns.xml")) {
            crafted = in.readAllBytes();
        }
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.on(DAY_PATH, xml(crafted));

            // THEN the whole bulletin is refused with each problem named, not a database error, and nothing written
            assertThatThrownBy(() -> h.service(h.noEvds()).syncDate(DAY, NO_RUN))
                    .isInstanceOf(ExchangeRateSyncException.class)
                    .hasMessageContaining("TCMB bulletin of 2024-01-31 rejected, nothing written")
                    .hasMessageContaining("currency code 'USDOLLARS' is longer than the 8 characters kurlar keeps")
                    .hasMessageContaining(
                            "EUR ForexBuying 1234567890123.5 has more than 12 digits before the" + " decimal point")
                    .hasMessageContaining("EUR ForexSelling 1234567890124.5 has more than 12 digits")
                    .hasMessageContaining("GBP ForexBuying 38.123456789 has more than 8 decimals")
                    .hasMessageNotContaining("SQL")
                    .hasMessageNotContaining("overflow");
            assertThat(kurlar(db)).isEmpty();
        }
    }

    @Test
    void a_jump_whose_change_does_not_fit_kur_anomalies_rejects_the_bulletin_and_keeps_the_day_before(Database db) {
        try (SyncHarness h = harness(db)) {
            // GIVEN the bulletin of 31.01 stored, then one of 01.02 whose USD fits kurlar (11 digits) but is
            // 3.3 billion times the day before: a change kur_anomalies.degisim_orani (numeric(12, 6)) cannot hold
            LocalDate next = LocalDate.of(2024, 2, 1);
            h.tcmbServer.on(DAY_PATH, xml(Fixtures.tcmb(DAY)));
            String absurd = Fixtures.withUsd(
                    Fixtures.withUsd(Fixtures.redate(Fixtures.tcmb2024Text(), next), "ForexBuying", "99999999999"),
                    "ForexSelling",
                    "99999999999.5");
            h.tcmbServer.on("/kurlar/202402/01022024.xml", xml(absurd.getBytes(StandardCharsets.UTF_8)));
            h.clock.set(SettableClock.istanbul("2024-02-01T16:05").instant());
            ExchangeRateSyncService sync = h.service(h.noEvds());
            sync.syncDate(DAY, NO_RUN);
            int before = kurlar(db).size();

            assertThatThrownBy(() -> sync.syncDate(next, NO_RUN))
                    .isInstanceOf(ExchangeRateSyncException.class)
                    .hasMessageContaining("TCMB bulletin of 2024-02-01 rejected, nothing written")
                    .hasMessageContaining("USD 30.2952 (2024-01-31) → 99999999999")
                    .hasMessageContaining("is a larger move than kur_anomalies records")
                    .hasMessageNotContaining("overflow");
            assertThat(kurlar(db)).hasSize(before);
            assertThat(db.dsl().fetchCount(KUR_ANOMALIES)).isZero();
        }
    }

    @Test
    void a_bulletin_without_currencies_is_rejected(Database db) {
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.on(
                    DAY_PATH,
                    xml("<?xml version=\"1.0\"?><Tarih_Date Tarih=\"31.01.2024\" Date=\"01/31/2024\"/>".getBytes()));

            assertThatThrownBy(() -> h.service(h.noEvds()).syncDate(DAY, NO_RUN))
                    .hasMessageContaining("lists no currencies");
            assertThat(kurlar(db)).isEmpty();
        }
    }

    @Test
    void a_successful_sync_deletes_every_kurlar_key_with_scan_and_leaves_other_keys(Database db) {
        // The cache talks to Redis as a user the server refuses KEYS (an ACL), so only a SCAN walk can find the keys.
        URI redis = TestRedis.uri();
        String user = "aliaport-test-nokeys-" + UUID.randomUUID();
        try (SyncHarness h = harness(db);
                Jedis admin = new Jedis(redis);
                JedisPooled noKeys = new JedisPooled(
                        new HostAndPort(redis.getHost(), redis.getPort()),
                        DefaultJedisClientConfig.builder()
                                .user(user)
                                .password("test-password")
                                .database(Integer.parseInt(redis.getPath().substring(1)))
                                .build())) {
            admin.aclSetUser(user, "reset", "on", ">test-password", "~*", "&*", "+@all", "-keys");
            try {
                assertThatThrownBy(() -> noKeys.keys("kurlar:*")).hasMessageContaining("NOPERM");
                h.tcmbServer.on(DAY_PATH, xml(Fixtures.tcmb(DAY)));
                // more keys than one SCAN batch, so the cursor has to be followed
                IntStream.range(0, 1_200).forEach(i -> h.redis.set("kurlar:2023-" + i, "{}"));
                h.redis.set("kurlar:2024-01-31", "{\"stale\":true}");
                h.redis.set("reports:queue-length", "7");

                h.service(h.noEvds(), 31, new RedisRateCache(noKeys, Duration.ofMinutes(5)))
                        .syncDate(DAY, NO_RUN);

                assertThat(h.alerts.sent())
                        .as("no 'cache not invalidated' alert")
                        .isEmpty();
                assertThat(h.redis.get("kurlar:2024-01-31")).isNull();
                assertThat(h.redis.get("kurlar:2023-999")).isNull();
                assertThat(h.redis.keys("kurlar:*")).isEmpty();
                assertThat(h.redis.get("reports:queue-length")).isEqualTo("7");
            } finally {
                admin.aclDelUser(user);
            }
        }
    }

    @Test
    void the_same_bulletin_twice_changes_nothing_but_updated_at(Database db) {
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.on(
                    "/kurlar/202401/30012024.xml",
                    xml(Fixtures.withUsd(
                                    Fixtures.redate(Fixtures.tcmb2024Text(), LocalDate.of(2024, 1, 30)),
                                    "ForexBuying",
                                    "25.0000")
                            .getBytes(StandardCharsets.UTF_8)));
            h.tcmbServer.on(DAY_PATH, xml(Fixtures.tcmb(DAY)));
            ExchangeRateSyncService sync = h.service(h.noEvds());
            sync.syncDate(LocalDate.of(2024, 1, 30), NO_RUN);
            sync.syncDate(DAY, NO_RUN); // USD +21 %: one anomaly, one alert
            var before = kurlar(db);
            int anomaliesBefore = db.dsl().fetchCount(KUR_ANOMALIES);

            h.clock.advance(Duration.ofMinutes(10));
            sync.syncDate(DAY, NO_RUN);

            var after = kurlar(db);
            assertThat(after).hasSameSizeAs(before);
            for (int i = 0; i < before.size(); i++) {
                KurlarRecord b = before.get(i);
                KurlarRecord a = after.get(i);
                Duration moved = a.getTarih().equals(DAY) ? Duration.ofMinutes(10) : Duration.ZERO;
                assertThat(a.getUpdatedAt()).isEqualTo(b.getUpdatedAt().plus(moved));
                var aValues = new java.util.HashMap<>(a.intoMap());
                var bValues = new java.util.HashMap<>(b.intoMap());
                aValues.remove("updated_at");
                bValues.remove("updated_at");
                assertThat(aValues).isEqualTo(bValues);
            }
            assertThat(db.dsl().fetchCount(KUR_ANOMALIES))
                    .isEqualTo(anomaliesBefore)
                    .isEqualTo(1);
            assertThat(h.alerts.sent()).hasSize(1);
        }
    }

    @Test
    void back_fills_the_business_days_missing_since_the_last_stored_bulletin(Database db) {
        try (SyncHarness h = harness(db)) {
            // every archive day answers with the 2024 rates re-dated; 29.01 is a gap (404)
            h.tcmbServer.onPrefix("/kurlar/2024", rest -> {
                LocalDate d = LocalDate.parse(
                        rest.substring(rest.indexOf('/') + 1, rest.indexOf('.')),
                        java.time.format.DateTimeFormatter.ofPattern("ddMMyyyy"));
                return d.equals(LocalDate.of(2024, 1, 29))
                        ? status(404, "text/html", "")
                        : xml(Fixtures.tcmb2024DatedOn(d));
            });
            ExchangeRateSyncService sync = h.service(h.noEvds());
            sync.syncDate(LocalDate.of(2024, 1, 24), NO_RUN);

            var outcome = sync.backfill(DAY, NO_RUN, () -> false);

            assertThat(outcome.stored())
                    .extracting(Stored::date)
                    .containsExactly(LocalDate.of(2024, 1, 25), LocalDate.of(2024, 1, 26), LocalDate.of(2024, 1, 30));
            assertThat(outcome.none()).extracting(NoBulletin::date).containsExactly(LocalDate.of(2024, 1, 29));
            assertThat(outcome.failed()).isEmpty();
            assertThat(h.tcmbServer.requests())
                    .extracting(LocalHttpServer.Request::rawPath)
                    .noneMatch(p -> p.contains("27012024") || p.contains("28012024")); // the weekend is never asked
            assertThat(db.dsl().selectDistinct(KURLAR.TARIH).from(KURLAR).fetch(KURLAR.TARIH))
                    .hasSize(4);
        }
    }

    @Test
    void back_fill_is_bounded_by_its_window_and_reports_failed_days(Database db) {
        try (SyncHarness h = harness(db)) {
            h.tcmbServer.onPrefix("/kurlar/2024", rest -> status(500, "text/plain", "down"));

            var outcome = h.service(h.noEvds(), 7).backfill(DAY, NO_RUN, () -> false);

            // 24.01 .. 30.01: five business days, never older than the window
            assertThat(outcome.failed().keySet())
                    .containsExactly(
                            LocalDate.of(2024, 1, 24),
                            LocalDate.of(2024, 1, 25),
                            LocalDate.of(2024, 1, 26),
                            LocalDate.of(2024, 1, 29),
                            LocalDate.of(2024, 1, 30));
            assertThat(outcome.failed().get(LocalDate.of(2024, 1, 24))).contains("HTTP 500");
            assertThat(kurlar(db)).isEmpty();
        }
    }

    @Test
    void exact_decimals_of_evds_keep_all_eight_places(Database db) {
        try (SyncHarness h = harness(db)) {
            Bulletin b = new Bulletin(
                    DAY,
                    Optional.empty(),
                    Source.EVDS,
                    java.util.List.of(
                            CurrencyRate.forex("USD", 1, new BigDecimal("30.29521234"), new BigDecimal("30.34971234"))),
                    java.util.List.of());
            h.repository.inTransaction(tx -> h.repository.upsert(tx, b, h.clock.instant()));

            assertThat(row(db, DAY, "USD").getAlis()).isEqualTo(new BigDecimal("30.29521234"));
        }
    }
}
