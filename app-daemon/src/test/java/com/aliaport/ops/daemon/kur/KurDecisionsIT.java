package com.aliaport.ops.daemon.kur;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.daemon.testsupport.DaemonNode.CliResult;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.exchangerate.AnomalyDecisions;
import com.aliaport.ops.exchangerate.tcmb.RecordedTcmbServer;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Anomaly decisions end to end: the {@code kur} CLI lists, accepts and rejects with the usual exit codes, and a
 * running daemon's {@code GET /api/kurlar} stops serving a rejected rate at once — whether the CLI rejected it or
 * an operator's own login did (as the console does, without Redis: the daemon hears the NOTIFY).
 */
@ExtendWith(PostgresExtension.class)
class KurDecisionsIT {
    private static final String OPERATOR =
            "it_kurcli_operator_" + ProcessHandle.current().pid();

    /** 2024-01-31 synced from the recorded bulletin; 2024-02-01 a copy with USD and EUR jumped, both anomalies. */
    private static Map<String, Long> twoAnomalies(ConnectionSettings settings, Database db, Map<String, String> env) {
        CliResult run = DaemonNode.cli(settings, env, "jobs", "run", "kur_guncelleme_daily", "--date", "2024-01-31");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        db.dsl().execute("""
                INSERT INTO kurlar (tarih, doviz_kodu, birim, doviz_adi, currency_name, alis, satis, efektif_alis,
                                    efektif_satis, kaynak, bulten_no)
                SELECT DATE '2024-02-01', doviz_kodu, birim, doviz_adi, currency_name,
                       CASE WHEN doviz_kodu IN ('USD', 'EUR') THEN alis * 1.15 ELSE alis END,
                       CASE WHEN doviz_kodu IN ('USD', 'EUR') THEN satis * 1.15 ELSE satis END,
                       efektif_alis, efektif_satis, kaynak, '2024/23'
                  FROM kurlar WHERE tarih = DATE '2024-01-31'""");
        db.dsl().execute("""
                INSERT INTO kur_anomalies (tarih, doviz_kodu, onceki_tarih, onceki_alis, yeni_alis, degisim_orani)
                SELECT n.tarih, n.doviz_kodu, p.tarih, p.alis, n.alis, 0.15
                  FROM kurlar n JOIN kurlar p ON p.doviz_kodu = n.doviz_kodu AND p.tarih = DATE '2024-01-31'
                 WHERE n.tarih = DATE '2024-02-01' AND n.doviz_kodu IN ('USD', 'EUR')""");
        return Map.of(
                "USD", id(db, "USD"),
                "EUR", id(db, "EUR"));
    }

    private static long id(Database db, String code) {
        return ((Number) db.dsl().fetchValue("SELECT id FROM kur_anomalies WHERE doviz_kodu = ?", code)).longValue();
    }

    @Test
    void the_cli_lists_accepts_and_rejects_and_the_running_api_serves_the_previous_rate_saying_so(
            ConnectionSettings settings, Database db) {
        try (RecordedTcmbServer tcmb = RecordedTcmbServer.start(0)) {
            Map<String, String> env = Map.of("ALIAPORT_TCMB_URL", tcmb.baseUri().toString());
            Map<String, Long> ids = twoAnomalies(settings, db, env);
            String usd = ids.get("USD").toString();

            try (DaemonNode node = DaemonNode.start(settings, "node-kur", env)) {
                // cached before any decision
                assertThat(node.get("/api/kurlar?tarih=2024-02-02").body()).contains("\"alis\":34.83948");

                CliResult list = DaemonNode.cli(settings, env, "kur", "anomalies");
                assertThat(list.exitCode()).as(list.stderr()).isZero();
                assertThat(list.stdout())
                        .contains("ID", "CHANGE %", usd + " ", "USD", "30.2952", "34.83948", "15.00", "OPEN");

                CliResult noNote = DaemonNode.cli(settings, env, "kur", "reject", usd);
                assertThat(noNote.exitCode()).isEqualTo(2);
                CliResult blankNote = DaemonNode.cli(settings, env, "kur", "reject", usd, "--note", " ");
                assertThat(blankNote.exitCode()).isEqualTo(2);
                assertThat(blankNote.errorLines()).containsExactly("error: --note: a rejection needs a note");
                assertThat(DaemonNode.cli(settings, env, "kur", "accept", "not-a-number")
                                .exitCode())
                        .isEqualTo(2);

                CliResult reject = DaemonNode.cli(settings, env, "kur", "reject", usd, "--note", "TCMB typo");
                assertThat(reject.exitCode()).as(reject.stderr()).isZero();
                assertThat(reject.stdout())
                        .contains("anomaly " + usd + " (USD 2024-02-01", "REJECTED by " + settings.user(), "TCMB typo");

                CliResult again = DaemonNode.cli(settings, env, "kur", "accept", usd);
                assertThat(again.exitCode()).isEqualTo(1);
                assertThat(again.errorLines()).singleElement().satisfies(line -> assertThat(line)
                        .startsWith("error: anomaly " + usd + " (USD of 2024-02-01) is already REJECTED by "));

                // THEN the running daemon answers the day before for USD, and says so
                var answer = node.get("/api/kurlar?tarih=2024-02-02");
                assertThat(answer.statusCode()).isEqualTo(200);
                Map<?, ?> rate = currency(answer.body(), "USD");
                assertThat(rate.get("alis").toString()).isEqualTo("30.2952");
                assertThat(rate.get("tarih")).isEqualTo("2024-01-31");
                assertThat(((Map<?, ?>) rate.get("rejected_rate_skipped")).get("tarih"))
                        .isEqualTo("2024-02-01");
                assertThat(rate.get("note").toString()).contains("rejected by " + settings.user() + " (TCMB typo)");
                assertThat(currency(answer.body(), "GBP").get("tarih")).isEqualTo("2024-02-01");

                CliResult accept = DaemonNode.cli(
                        settings, env, "kur", "accept", ids.get("EUR").toString(), "--note", "checked");
                assertThat(accept.exitCode()).as(accept.stderr()).isZero();
                assertThat(accept.stdout()).contains("ACCEPTED", "checked");

                CliResult open = DaemonNode.cli(settings, env, "kur", "anomalies");
                assertThat(open.stdout()).contains("no open anomalies");
                CliResult all = DaemonNode.cli(settings, env, "kur", "anomalies", "--all", "--json");
                assertThat(all.exitCode()).isZero();
                List<Object> rows = Json.read(all.stdout(), List.class);
                assertThat(rows).hasSize(2);
                assertThat(rows)
                        .extracting(r -> (Object) ((Map<?, ?>) r).get("status"))
                        .containsExactlyInAnyOrder("REJECTED", "ACCEPTED");
                assertThat(rows)
                        .extracting(r -> (Object) ((Map<?, ?>) r).get("decided_by"))
                        .containsOnly(settings.user());
            }
        }
    }

    @Test
    void an_operator_login_rejecting_without_redis_still_stops_the_daemon_serving_the_rate(
            ConnectionSettings settings, Database db) {
        TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        TestPostgres.admin("CREATE ROLE " + OPERATOR + " LOGIN IN ROLE aliaport_operator");
        try (RecordedTcmbServer tcmb = RecordedTcmbServer.start(0)) {
            Map<String, String> env = Map.of("ALIAPORT_TCMB_URL", tcmb.baseUri().toString());
            long eur = twoAnomalies(settings, db, env).get("EUR");
            try (DaemonNode node = DaemonNode.start(settings, "node-kur2", env);
                    Database operator = Database.connect(
                            new ConnectionSettings(settings.jdbcUrl(), OPERATOR, Optional.empty()), "op", 1)) {
                assertThat(currency(node.get("/api/kurlar?tarih=2024-02-01").body(), "EUR")
                                .get("tarih"))
                        .isEqualTo("2024-02-01"); // cached now

                new AnomalyDecisions(operator.dsl()).reject(eur, "wrong EUR");

                Map<?, ?> rate = Await.until(
                        Duration.ofSeconds(10),
                        () -> currency(node.get("/api/kurlar?tarih=2024-02-01").body(), "EUR"),
                        r -> "2024-01-31".equals(r.get("tarih")),
                        "the daemon to serve EUR of 2024-01-31");
                assertThat(rate.get("note").toString()).contains("rejected by " + OPERATOR);
                assertThat(db.dsl()
                                .fetchValue(
                                        "SELECT user_id FROM audit_events WHERE event_type = 'kur.anomaly.rejected'"))
                        .isEqualTo(OPERATOR);
            }
        } finally {
            TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        }
    }

    private static Map<?, ?> currency(String body, String code) {
        Map<?, ?> data = (Map<?, ?>) Json.read(body, Map.class).get("data");
        return ((List<?>) data.get("kurlar"))
                .stream()
                        .map(r -> (Map<?, ?>) r)
                        .filter(r -> code.equals(r.get("doviz_kodu")))
                        .findFirst()
                        .orElseThrow();
    }
}
