package com.aliaport.ops.exchangerate.evds;

import static com.aliaport.ops.exchangerate.LocalHttpServer.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.config.Secret;
import com.aliaport.ops.exchangerate.Bulletin;
import com.aliaport.ops.exchangerate.CurrencyRate;
import com.aliaport.ops.exchangerate.Fixtures;
import com.aliaport.ops.exchangerate.LocalHttpServer;
import com.aliaport.ops.exchangerate.Source;
import com.aliaport.ops.exchangerate.SourceHttpClient;
import com.aliaport.ops.exchangerate.SourceUnavailableException;
import com.aliaport.ops.exchangerate.TurkishBusinessCalendar;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvdsRateSourceTest {
    private static final String PREFIX = "/igmevdsms-dis/";

    private final LocalHttpServer server = new LocalHttpServer();
    private final SourceHttpClient http = new SourceHttpClient(Duration.ofSeconds(2));
    private final TurkishBusinessCalendar calendar = new TurkishBusinessCalendar();

    @AfterEach
    void close() {
        http.close();
        server.close();
    }

    private EvdsRateSource evds(Optional<Secret> key) {
        return new EvdsRateSource(server.uri(PREFIX), key, http, Duration.ofSeconds(2), calendar, Json.MAPPER);
    }

    /** Answers like EVDS3: 403 JSON without the key header, else the recorded answer. */
    private void recordedEvds() {
        server.onPrefix(PREFIX, rest -> ex -> {
            if (ex.getRequestHeaders().getFirst("key") == null) {
                body(403, "application/json", Fixtures.evds403()).respond(ex);
            } else {
                body(200, "application/json;charset=UTF-8", Fixtures.evdsFx()).respond(ex);
            }
        });
    }

    @Test
    void the_friday_bulletin_is_mondays_row() {
        recordedEvds();

        Bulletin friday = evds(Optional.of(new Secret("k")))
                .bulletinOf(LocalDate.of(2026, 3, 6))
                .orElseThrow();

        assertThat(friday.date()).isEqualTo(LocalDate.of(2026, 3, 6));
        assertThat(friday.source()).isEqualTo(Source.EVDS);
        assertThat(friday.bulletinNo()).isEmpty();
        assertThat(friday.rates()).hasSize(21);
        // 09-03-2026 (Monday) row: "43.90550000" / "43.98460000"
        assertThat(friday.rate("USD"))
                .contains(CurrencyRate.forex("USD", 1, new BigDecimal("43.9055"), new BigDecimal("43.9846")));
        assertThat(friday.rate("JPY"))
                .contains(CurrencyRate.forex("JPY", 100, new BigDecimal("27.7621"), new BigDecimal("27.9459")));
    }

    @Test
    void a_weekday_bulletin_is_the_next_days_row_and_the_day_before_a_bayram_is_its_arife_row() {
        recordedEvds();
        EvdsRateSource evds = evds(Optional.of(new Secret("k")));

        assertThat(evds.bulletinOf(LocalDate.of(2026, 3, 2))
                        .orElseThrow()
                        .rate("USD")
                        .orElseThrow()
                        .forexBuying())
                .isEqualTo(new BigDecimal("43.885")); // row 03-03-2026
        assertThat(evds.bulletinOf(LocalDate.of(2026, 3, 18))
                        .orElseThrow()
                        .rate("USD")
                        .orElseThrow()
                        .forexBuying())
                .isEqualTo(new BigDecimal("44.1325")); // row 19-03-2026, the arife
    }

    @Test
    void sends_the_parameters_in_the_path_and_the_key_in_a_header() {
        recordedEvds();

        evds(Optional.of(new Secret("s3cret"))).bulletinOf(LocalDate.of(2026, 3, 6));

        LocalHttpServer.Request request = server.requests().getFirst();
        assertThat(request.rawPath())
                .startsWith(PREFIX + "series=TP.DK.USD.A.YTL-TP.DK.USD.S.YTL-TP.DK.AUD.A.YTL")
                .endsWith("&startDate=07-03-2026&endDate=09-03-2026&type=json&frequency=1")
                .doesNotContain("?");
        assertThat(request.header("key")).isEqualTo("s3cret");
        assertThat(request.header("User-Agent")).isEqualTo(SourceHttpClient.USER_AGENT);
    }

    @Test
    void without_a_key_evds_answers_403_and_the_message_says_so() {
        recordedEvds();

        assertThatThrownBy(() -> evds(Optional.empty()).bulletinOf(LocalDate.of(2026, 3, 6)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("Required request header 'key' is not present")
                .hasMessageContaining("no API key was sent");
    }

    @Test
    void an_html_answer_means_a_wrong_url() {
        server.onPrefix(PREFIX, rest -> body(200, "text/html", "<html>EVDS</html>".getBytes()));

        assertThatThrownBy(() -> evds(Optional.of(new Secret("k"))).bulletinOf(LocalDate.of(2026, 3, 6)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void a_bulletin_not_yet_in_evds_is_a_failure_not_an_empty_day() {
        recordedEvds();

        assertThatThrownBy(() -> evds(Optional.of(new Secret("k"))).bulletinOf(LocalDate.of(2026, 3, 23)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("no values yet for the bulletin of 2026-03-23");
    }

    @Test
    void the_key_is_never_sent_along_a_redirect_to_another_host() {
        // GIVEN EVDS at 127.0.0.1 redirecting every request to a second server reached as localhost
        try (LocalHttpServer other = new LocalHttpServer()) {
            other.onPrefix(PREFIX, rest -> ex -> {
                if (ex.getRequestHeaders().getFirst("key") == null) {
                    body(403, "application/json", Fixtures.evds403()).respond(ex);
                } else {
                    body(200, "application/json;charset=UTF-8", Fixtures.evdsFx())
                            .respond(ex);
                }
            });
            String elsewhere = "http://localhost:" + other.uri("/").getPort() + PREFIX;
            server.onPrefix(PREFIX, rest -> LocalHttpServer.redirect(elsewhere + rest));

            // WHEN a bulletin is asked for with a key
            assertThatThrownBy(() ->
                            evds(Optional.of(new Secret("evds-key-0123456789"))).bulletinOf(LocalDate.of(2026, 3, 6)))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("HTTP 403");

            // THEN the first server got the key, the second host was asked without it
            assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.header("key"))
                    .isEqualTo("evds-key-0123456789"));
            assertThat(other.requests()).hasSize(1);
            assertThat(other.requests()).allSatisfy(r -> {
                assertThat(r.header("key")).isNull();
                assertThat(r.headers().toString()).doesNotContain("evds-key-0123456789");
            });
        }
    }

    @Test
    void the_key_follows_a_redirect_on_its_own_host_and_port() {
        server.onPrefix(
                PREFIX,
                rest -> LocalHttpServer.redirect(server.uri("/moved/" + rest).toString()));
        server.onPrefix("/moved/", rest -> ex -> {
            if (ex.getRequestHeaders().getFirst("key") == null) {
                body(403, "application/json", Fixtures.evds403()).respond(ex);
            } else {
                body(200, "application/json;charset=UTF-8", Fixtures.evdsFx()).respond(ex);
            }
        });

        Bulletin friday = evds(Optional.of(new Secret("k")))
                .bulletinOf(LocalDate.of(2026, 3, 6))
                .orElseThrow();

        assertThat(friday.rates()).hasSize(21);
        assertThat(server.requests()).hasSize(2).allSatisfy(r -> assertThat(r.header("key"))
                .isEqualTo("k"));
    }

    @Test
    void a_redirect_loop_ends_after_five_redirects() {
        server.onPrefix(
                PREFIX,
                rest -> LocalHttpServer.redirect(server.uri(PREFIX + rest).toString()));

        assertThatThrownBy(() -> evds(Optional.of(new Secret("k"))).bulletinOf(LocalDate.of(2026, 3, 6)))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("more than 5 redirects");
        assertThat(server.requests()).hasSize(6);
    }
}
