package com.aliaport.ops.exchangerate;

import static com.aliaport.ops.db.generated.Tables.AUDIT_EVENTS;
import static com.aliaport.ops.db.generated.Tables.KURLAR;
import static com.aliaport.ops.db.generated.Tables.KUR_ANOMALIES;
import static com.aliaport.ops.exchangerate.LocalHttpServer.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.exchangerate.db.DecisionListener;
import com.aliaport.ops.report.cariekstre.db.CariEkstreRepository;
import com.aliaport.ops.report.db.RateRepository;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestPostgres;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Operators' decisions on rate anomalies against real PostgreSQL and Redis, as operator and viewer logins: the
 * database function does the decision with the login as {@code decided_by}, audits it and refuses what it must;
 * a rejected rate is no longer served by {@code /api/kurlar}'s service nor used by the reports, and a re-sync
 * neither reopens the anomaly nor restores the rate.
 */
@ExtendWith(PostgresExtension.class)
class AnomalyDecisionsIT {
    private static final String SUFFIX = Long.toString(ProcessHandle.current().pid());
    private static final String OPERATOR = "it_kur_operator_" + SUFFIX;
    private static final String VIEWER = "it_kur_viewer_" + SUFFIX;
    private static final LocalDate DAY = Fixtures.TCMB_2024; // USD 30.2952
    private static final LocalDate NEXT = LocalDate.of(2024, 2, 1); // USD 34.8395: +15 %
    private static final String NEXT_PATH = "/kurlar/202402/01022024.xml";

    @BeforeAll
    static void login_roles() {
        TestPostgres.hostPort(); // the server and its migrated template first: admin() alone would skip the template
        TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        TestPostgres.admin("DROP ROLE IF EXISTS " + VIEWER);
        TestPostgres.admin("CREATE ROLE " + OPERATOR + " LOGIN IN ROLE aliaport_operator");
        TestPostgres.admin("CREATE ROLE " + VIEWER + " LOGIN IN ROLE aliaport_viewer");
    }

    @AfterAll
    static void drop_login_roles() {
        TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        TestPostgres.admin("DROP ROLE IF EXISTS " + VIEWER);
    }

    /** DAY and NEXT synced; NEXT's USD opened an anomaly. */
    private static SyncHarness withAnomaly(Database db) {
        SyncHarness h = new SyncHarness(db, SettableClock.istanbul("2024-02-05T12:00"));
        h.tcmbServer.on("/kurlar/202401/31012024.xml", xml(Fixtures.tcmb(DAY)));
        h.tcmbServer.on(NEXT_PATH, xml(jumped()));
        ExchangeRateSyncService sync = h.service(h.noEvds());
        sync.syncDate(DAY, Optional.empty());
        sync.syncDate(NEXT, Optional.of(7L));
        return h;
    }

    private static byte[] jumped() {
        return Fixtures.withUsd(
                        Fixtures.withUsd(Fixtures.redate(Fixtures.tcmb2024Text(), NEXT), "ForexBuying", "34.8395"),
                        "ForexSelling",
                        "34.9022")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long anomalyId(Database db) {
        return db.dsl().select(KUR_ANOMALIES.ID).from(KUR_ANOMALIES).fetchSingle(KUR_ANOMALIES.ID);
    }

    private static <T> T as(Database db, String login, Function<Database, T> work) {
        String url;
        try (Connection c = db.dataSource().getConnection()) {
            url = c.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Database other = Database.connect(new ConnectionSettings(url, login, Optional.empty()), login, 2)) {
            return work.apply(other);
        }
    }

    private static RatesOfDay.Rate usd(RatesOfDay day) {
        return day.kurlar().stream()
                .filter(r -> r.dovizKodu().equals("USD"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void an_operator_accepts_the_rate_stands_and_the_audit_log_names_the_login(Database db) {
        try (SyncHarness h = withAnomaly(db)) {
            long id = anomalyId(db);
            AnomalyView open = new AnomalyDecisions(db.dsl()).open().getFirst();
            assertThat(open.id()).isEqualTo(id);
            assertThat(open.currency()).isEqualTo("USD");
            assertThat(open.previousDate()).isEqualTo(DAY);
            assertThat(open.previousRate()).isEqualTo(new BigDecimal("30.2952"));
            assertThat(open.newRate()).isEqualTo(new BigDecimal("34.8395"));
            assertThat(open.changePercent()).isEqualTo(new BigDecimal("15.00"));
            assertThat(open.source()).isEqualTo("TCMB");
            assertThat(open.jobRunId()).contains(7L);
            assertThat(open.decidedAt()).isEmpty();

            AnomalyView accepted = as(db, OPERATOR, op -> new AnomalyDecisions(op.dsl()).accept(id, ""));

            assertThat(accepted.status()).isEqualTo("ACCEPTED");
            assertThat(accepted.decidedBy()).contains(OPERATOR);
            assertThat(accepted.decidedAt()).isPresent();
            assertThat(accepted.note()).isEmpty();
            assertThat(new AnomalyDecisions(db.dsl()).open()).isEmpty();
            var audit = db.dsl()
                    .selectFrom(AUDIT_EVENTS)
                    .where(AUDIT_EVENTS.EVENT_TYPE.eq("kur.anomaly.accepted"))
                    .fetchSingle();
            assertThat(audit.getUserId()).isEqualTo(OPERATOR);
            Map<?, ?> details = Json.read(audit.getDetails().data(), Map.class);
            assertThat(details.get("anomaly_id")).isEqualTo((int) id);
            assertThat(details.get("currency")).isEqualTo("USD");
            assertThat(details.get("date")).isEqualTo("2024-02-01");
            assertThat(details.get("previous_date")).isEqualTo("2024-01-31");
            assertThat(new BigDecimal(details.get("new_rate").toString())).isEqualByComparingTo("34.8395");
            // the accepted rate is served
            ExchangeRateQueryService query = new ExchangeRateQueryService(h.repository, h.cache, h.clock);
            RatesOfDay.Rate usd = usd(query.ratesOn(NEXT).orElseThrow());
            assertThat(usd.alis()).isEqualTo(new BigDecimal("34.8395"));
            assertThat(usd.tarih()).isEqualTo(NEXT);
            assertThat(usd.rejectedRateSkipped()).isNull();
        }
    }

    @Test
    void a_rejected_rate_is_replaced_by_the_previous_one_in_the_api_and_the_reports_and_says_so(Database db) {
        try (SyncHarness h = withAnomaly(db)) {
            long id = anomalyId(db);
            ExchangeRateQueryService query = new ExchangeRateQueryService(h.repository, h.cache, h.clock);
            assertThat(usd(query.ratesOn(NEXT).orElseThrow()).alis()).isEqualTo(new BigDecimal("34.8395"));
            assertThat(h.redis.exists("kurlar:2024-02-01")).isTrue(); // cached before the decision

            AnomalyView rejected = as(
                    db, OPERATOR, op -> new AnomalyDecisions(op.dsl(), h.cache).reject(id, "TCMB typo, see bulletin"));

            assertThat(rejected.status()).isEqualTo("REJECTED");
            assertThat(rejected.decidedBy()).contains(OPERATOR);
            assertThat(rejected.note()).contains("TCMB typo, see bulletin");
            assertThat(h.redis.exists("kurlar:2024-02-01")).isFalse();
            var row = db.dsl()
                    .selectFrom(KURLAR)
                    .where(KURLAR.TARIH.eq(NEXT).and(KURLAR.DOVIZ_KODU.eq("USD")))
                    .fetchSingle();
            assertThat(row.getRejectedBy()).isEqualTo(OPERATOR);
            assertThat(row.getRejectionNote()).isEqualTo("TCMB typo, see bulletin");
            assertThat(row.getAlis()).isEqualByComparingTo("34.8395"); // kept as published
            assertThat(db.dsl()
                            .selectFrom(AUDIT_EVENTS)
                            .where(AUDIT_EVENTS.EVENT_TYPE.eq("kur.anomaly.rejected"))
                            .fetchSingle()
                            .getUserId())
                    .isEqualTo(OPERATOR);

            // THEN the API's service answers the rate of the day before for USD and says why; EUR is NEXT's own
            RatesOfDay next = query.ratesOn(NEXT).orElseThrow();
            RatesOfDay.Rate usd = usd(next);
            assertThat(next.bultenTarihi()).isEqualTo(NEXT);
            assertThat(usd.alis()).isEqualTo(new BigDecimal("30.2952"));
            assertThat(usd.tarih()).isEqualTo(DAY);
            assertThat(usd.rejectedRateSkipped().tarih()).isEqualTo(NEXT);
            assertThat(usd.rejectedRateSkipped().alis()).isEqualTo(new BigDecimal("34.8395"));
            assertThat(usd.rejectedRateSkipped().rejectedBy()).isEqualTo(OPERATOR);
            assertThat(usd.note()).contains("rejected").contains(DAY.toString());
            assertThat(next.kurlar())
                    .filteredOn(r -> r.dovizKodu().equals("EUR"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.tarih()).isEqualTo(NEXT));
            assertThat(Json.write(next)).contains("\"rejected_rate_skipped\":{\"tarih\":\"2024-02-01\"");
            // AND the reports convert a movement of NEXT at DAY's rate
            var table = db.dsl().transactionResult(cfg -> new RateRepository().upTo(cfg.dsl(), NEXT));
            assertThat(table.on("USD", NEXT).bulletinDate()).isEqualTo(DAY);
            assertThat(table.on("EUR", NEXT).bulletinDate()).isEqualTo(NEXT);
            // AND the cari ekstre's opening balance: 1 000 USD on NEXT at DAY's 30.2952
            db.dsl().execute("INSERT INTO cari_hesaplar (cari_kodu, unvan, vergi_no) VALUES ('C1', 'Acme', '1')");
            db.dsl()
                    .execute("INSERT INTO cari_hareketler (cari_kodu, tarih, belge_no, borc, para_birimi)"
                            + " VALUES ('C1', DATE '2024-02-01', 'F1', 1000, 'USD')");
            BigDecimal opening = db.dsl().transactionResult(cfg -> new CariEkstreRepository()
                    .openingBalanceTry(cfg.dsl(), "C1", LocalDate.of(2024, 2, 2)));
            assertThat(opening).isEqualByComparingTo("30295.20");
        }
    }

    @Test
    void a_resync_of_the_bulletin_neither_reopens_the_anomaly_nor_restores_the_rate(Database db) {
        try (SyncHarness h = withAnomaly(db)) {
            long id = anomalyId(db);
            new AnomalyDecisions(db.dsl()).reject(id, "wrong");
            int alerts = h.alerts.sent().size();

            h.service(h.noEvds()).syncDate(NEXT, Optional.of(8L));

            AnomalyView after = new AnomalyDecisions(db.dsl()).all(10).getFirst();
            assertThat(after.status()).isEqualTo("REJECTED");
            assertThat(after.jobRunId()).contains(7L);
            assertThat(db.dsl().fetchCount(KUR_ANOMALIES)).isEqualTo(1);
            assertThat(h.alerts.sent()).hasSize(alerts);
            assertThat(new ExchangeRateHistory(db.dsl()).bulletin(NEXT))
                    .filteredOn(r -> r.currency().equals("USD"))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.rejected()).isTrue();
                        assertThat(r.rejectionNote()).contains("wrong");
                    });
            RatesOfDay.Rate usd = usd(new ExchangeRateQueryService(h.repository, h.cache, h.clock)
                    .ratesOn(NEXT)
                    .orElseThrow());
            assertThat(usd.tarih()).isEqualTo(DAY);
        }
    }

    @Test
    void a_viewer_may_not_decide_and_is_told_which_role_is_needed(Database db) {
        try (SyncHarness h = withAnomaly(db)) {
            long id = anomalyId(db);

            assertThatThrownBy(() -> as(db, VIEWER, v -> new AnomalyDecisions(v.dsl()).accept(id, "")))
                    .isInstanceOf(AnomalyDecisionException.class)
                    .hasMessageContaining("your login may not decide anomalies (role aliaport_operator needed)")
                    .hasMessageContaining("permission denied for function aliaport_decide_anomaly")
                    .satisfies(e -> assertThat(((AnomalyDecisionException) e).permissionDenied())
                            .isTrue());
            // the viewer still reads them
            List<AnomalyView> seen = as(db, VIEWER, v -> new AnomalyDecisions(v.dsl()).open());
            assertThat(seen).hasSize(1);
            assertThat(db.dsl().fetchCount(AUDIT_EVENTS, AUDIT_EVENTS.EVENT_TYPE.like("kur.anomaly.%")))
                    .isZero();
        }
    }

    @Test
    void deciding_twice_a_reject_without_note_an_unknown_id_or_decision_are_refused_naming_the_id(Database db) {
        try (SyncHarness h = withAnomaly(db)) {
            long id = anomalyId(db);
            AnomalyDecisions asOwner = new AnomalyDecisions(db.dsl());

            assertThatThrownBy(() -> asOwner.reject(id, "  "))
                    .isInstanceOf(AnomalyDecisionException.class)
                    .hasMessage("anomaly " + id + " (USD of 2024-02-01): a rejection needs a note saying why the"
                            + " rate is wrong");
            assertThat(asOwner.open()).hasSize(1); // nothing half-done
            assertThatThrownBy(() -> asOwner.reject(id, null)).isInstanceOf(AnomalyDecisionException.class);

            as(db, OPERATOR, op -> new AnomalyDecisions(op.dsl()).accept(id, "checked"));

            assertThatThrownBy(() -> asOwner.reject(id, "after all"))
                    .isInstanceOf(AnomalyDecisionException.class)
                    .hasMessageStartingWith(
                            "anomaly " + id + " (USD of 2024-02-01) is already ACCEPTED by " + OPERATOR + " at ");
            assertThatThrownBy(() -> asOwner.accept(999_999, "")).hasMessage("anomaly 999999 does not exist");
            assertThatThrownBy(() -> db.dsl().fetch("SELECT aliaport_decide_anomaly(?, 'MAYBE', '')", id))
                    .hasMessageContaining("anomaly " + id + ": unknown decision 'MAYBE' (ACCEPT or REJECT)");
            assertThat(db.dsl().fetchCount(AUDIT_EVENTS, AUDIT_EVENTS.EVENT_TYPE.like("kur.anomaly.%")))
                    .isEqualTo(1);
        }
    }

    @Test
    void open_anomalies_come_first_then_the_decided_ones_newest_first(Database db) {
        try (SyncHarness h = withAnomaly(db)) {
            long first = anomalyId(db);
            new AnomalyDecisions(db.dsl()).accept(first, "");
            // a later bulletin jumping back down opens a second anomaly (compared with NEXT's accepted rate)
            LocalDate friday = LocalDate.of(2024, 2, 2);
            h.tcmbServer.on(
                    "/kurlar/202402/02022024.xml",
                    xml(Fixtures.redate(Fixtures.tcmb2024Text(), friday).getBytes(StandardCharsets.UTF_8)));
            h.service(h.noEvds()).syncDate(friday, Optional.empty());

            List<AnomalyView> all = new AnomalyDecisions(db.dsl()).all(10);

            assertThat(all).extracting(AnomalyView::status).containsExactly("OPEN", "ACCEPTED");
            assertThat(all.getFirst().date()).isEqualTo(friday);
            assertThat(all.getFirst().previousDate()).isEqualTo(NEXT);
            assertThat(new AnomalyDecisions(db.dsl()).open())
                    .extracting(AnomalyView::date)
                    .containsExactly(friday);
        }
    }

    @Test
    void a_later_bulletin_is_compared_with_the_last_rate_not_rejected(Database db) {
        try (SyncHarness h = withAnomaly(db)) {
            new AnomalyDecisions(db.dsl()).reject(anomalyId(db), "wrong");
            LocalDate friday = LocalDate.of(2024, 2, 2);
            h.tcmbServer.on(
                    "/kurlar/202402/02022024.xml",
                    xml(Fixtures.redate(Fixtures.tcmb2024Text(), friday).getBytes(StandardCharsets.UTF_8)));

            h.service(h.noEvds()).syncDate(friday, Optional.empty());

            // back at DAY's 30.2952: no jump against DAY, so no anomaly (NEXT's rejected 34.8395 is not compared)
            assertThat(new AnomalyDecisions(db.dsl()).open()).isEmpty();
        }
    }

    @Test
    void a_decision_made_without_the_cache_drops_it_through_the_daemons_listener(Database db) throws Exception {
        try (SyncHarness h = withAnomaly(db);
                DecisionListener listener = new DecisionListener(db.dataSource(), h.cache).start()) {
            Thread.sleep(300); // listening
            new ExchangeRateQueryService(h.repository, h.cache, h.clock).ratesOn(NEXT);
            assertThat(h.redis.exists("kurlar:2024-02-01")).isTrue();

            as(db, OPERATOR, op -> new AnomalyDecisions(op.dsl()).reject(anomalyId(db), "wrong"));

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (h.redis.exists("kurlar:2024-02-01") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(h.redis.exists("kurlar:2024-02-01")).isFalse();
        }
    }

    @Test
    void the_history_reads_a_bulletin_its_dates_and_a_series_by_index(Database db) {
        try (SyncHarness h = withAnomaly(db)) {
            new AnomalyDecisions(db.dsl()).reject(anomalyId(db), "wrong");
            ExchangeRateHistory history = new ExchangeRateHistory(db.dsl());

            List<StoredRateRow> bulletin = history.bulletin(DAY);
            assertThat(bulletin).hasSize(23).noneMatch(StoredRateRow::rejected);
            StoredRateRow jpy = bulletin.stream()
                    .filter(r -> r.currency().equals("JPY"))
                    .findFirst()
                    .orElseThrow();
            assertThat(jpy.unit()).isEqualTo(100);
            assertThat(jpy.source()).isEqualTo("TCMB");
            assertThat(jpy.bulletinNo()).contains("2024/22");
            assertThat(history.bulletinDates(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .containsExactly(DAY, NEXT);
            assertThat(history.series("USD", DAY, NEXT))
                    .containsExactly(
                            new RatePoint(
                                    DAY, new BigDecimal("30.2952"), Optional.of(new BigDecimal("30.3497")), 1, false),
                            new RatePoint(
                                    NEXT, new BigDecimal("34.8395"), Optional.of(new BigDecimal("34.9022")), 1, true));
            // a two-day table is scanned sequentially whatever its indexes: ask for the plan with that off
            String plan = db.dsl().transactionResult(cfg -> {
                cfg.dsl().execute("SET LOCAL enable_seqscan = off");
                return cfg.dsl()
                        .fetch("EXPLAIN (COSTS OFF) SELECT tarih, alis, satis, birim, rejected_at FROM kurlar"
                                + " WHERE doviz_kodu = 'USD' AND tarih BETWEEN '2014-01-01' AND '2024-12-31'"
                                + " ORDER BY tarih")
                        .format();
            });
            assertThat(plan).contains("kurlar_doviz_tarih_idx");
        }
    }

    @Test
    void the_chart_series_of_several_currencies_come_thinned_from_one_statement_without_rejected_rates(Database db) {
        try (SyncHarness h = withAnomaly(db)) {
            new AnomalyDecisions(db.dsl()).reject(anomalyId(db), "wrong");
            // 25 daily rates of a made-up currency: at most 10 points means every 3rd back from the newest.
            db.dsl().execute("""
                    INSERT INTO kurlar (tarih, doviz_kodu, birim, alis, satis, kaynak)
                    SELECT date '2023-01-01' + g, 'ZZZ', 1, 1 + g, 2 + g, 'TCMB' FROM generate_series(0, 24) g""");
            ExchangeRateHistory history = new ExchangeRateHistory(db.dsl());

            Map<String, List<RatePoint>> two = history.thinnedSeries(List.of("USD", "JPY"), DAY, NEXT, 600);
            assertThat(two.get("USD")).extracting(RatePoint::date).containsExactly(DAY); // NEXT's USD was rejected
            assertThat(two.get("JPY")).extracting(RatePoint::date).containsExactly(DAY, NEXT);
            assertThat(two.get("JPY")).allMatch(p -> p.unit() == 100);

            List<RatePoint> thin = history.thinnedSeries(
                            List.of("ZZZ"), LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), 10)
                    .get("ZZZ");
            assertThat(thin)
                    .extracting(RatePoint::date)
                    .containsExactly(
                            LocalDate.of(2023, 1, 1), // the oldest always
                            LocalDate.of(2023, 1, 4),
                            LocalDate.of(2023, 1, 7),
                            LocalDate.of(2023, 1, 10),
                            LocalDate.of(2023, 1, 13),
                            LocalDate.of(2023, 1, 16),
                            LocalDate.of(2023, 1, 19),
                            LocalDate.of(2023, 1, 22),
                            LocalDate.of(2023, 1, 25)); // the newest, then every 3rd back
            assertThat(thin.getLast().buying()).isEqualByComparingTo("25");
            assertThat(history.thinnedSeries(List.of(), DAY, NEXT, 10)).isEmpty();
        }
    }
}
