package com.aliaport.ops.exchangerate.tcmb;

import static com.aliaport.ops.exchangerate.LocalHttpServer.body;
import static com.aliaport.ops.exchangerate.LocalHttpServer.status;
import static com.aliaport.ops.exchangerate.LocalHttpServer.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.exchangerate.Fixtures;
import com.aliaport.ops.exchangerate.LocalHttpServer;
import com.aliaport.ops.exchangerate.MalformedBulletinException;
import com.aliaport.ops.exchangerate.SourceHttpClient;
import com.aliaport.ops.exchangerate.SourceUnavailableException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCMB adapter over real HTTP against a local server in TCMB's layout. */
class TcmbRateSourceTest {
    private static final LocalDate DAY = Fixtures.TCMB_2024;

    private final LocalHttpServer server = new LocalHttpServer();
    private final SourceHttpClient http = new SourceHttpClient(Duration.ofSeconds(2));
    private final TcmbRateSource tcmb = new TcmbRateSource(server.uri("/kurlar/"), http, Duration.ofSeconds(1));

    @AfterEach
    void close() {
        http.close();
        server.close();
    }

    @Test
    void fetches_the_archive_file_of_a_day_with_an_explicit_user_agent() {
        server.on("/kurlar/202401/31012024.xml", xml(Fixtures.tcmb(DAY)));

        assertThat(tcmb.bulletinOf(DAY).orElseThrow().date()).isEqualTo(DAY);
        assertThat(server.requests().getFirst().header("User-Agent")).isEqualTo(SourceHttpClient.USER_AGENT);
    }

    @Test
    void fetches_today_xml() {
        server.on("/kurlar/today.xml", xml(Fixtures.tcmb(Fixtures.TCMB_2020)));

        assertThat(tcmb.latest(DAY).orElseThrow().date()).isEqualTo(Fixtures.TCMB_2020);
    }

    @Test
    void a_404_on_the_archive_means_no_bulletin_that_day() {
        assertThat(tcmb.bulletinOf(LocalDate.of(2024, 2, 3))).isEmpty();
        assertThat(server.requests().getFirst().rawPath()).isEqualTo("/kurlar/202402/03022024.xml");
    }

    @Test
    void follows_a_redirect() {
        server.on(
                "/kurlar/202401/31012024.xml",
                LocalHttpServer.redirect(server.uri("/moved/31012024.xml").toString()));
        server.on("/moved/31012024.xml", xml(Fixtures.tcmb(DAY)));

        assertThat(tcmb.bulletinOf(DAY)).isPresent();
    }

    @Test
    void a_500_is_the_source_being_down() {
        server.on("/kurlar/202401/31012024.xml", status(500, "text/html", "<h1>Internal Server Error</h1>"));

        assertThatThrownBy(() -> tcmb.bulletinOf(DAY))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void a_truncated_body_is_malformed() {
        byte[] whole = Fixtures.tcmb(DAY);
        server.on("/kurlar/202401/31012024.xml", xml(Arrays.copyOf(whole, 3_000)));

        assertThatThrownBy(() -> tcmb.bulletinOf(DAY))
                .isInstanceOf(MalformedBulletinException.class)
                .hasMessageContaining("31012024.xml: TCMB answer is not well-formed XML");
    }

    @Test
    void an_html_error_page_with_status_200_is_malformed() {
        server.on("/kurlar/today.xml", body(200, "text/html", "<html><body>Bakım çalışması</body></html>".getBytes()));

        assertThatThrownBy(() -> tcmb.latest(DAY))
                .isInstanceOf(MalformedBulletinException.class)
                .hasMessageContaining("root element <html>");
    }

    @Test
    void a_5_mb_body_is_cut_off_at_the_cap() {
        byte[] huge = new byte[5 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        server.on("/kurlar/today.xml", xml(huge));

        assertThatThrownBy(() -> tcmb.latest(DAY))
                .isInstanceOf(MalformedBulletinException.class)
                .hasMessageContaining("larger than the 1048576-byte cap");
    }

    @Test
    void a_server_that_never_answers_times_out() {
        server.on("/kurlar/today.xml", server.never());
        long start = System.nanoTime();

        assertThatThrownBy(() -> tcmb.latest(DAY))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_closed_port_is_the_source_being_down() {
        TcmbRateSource nowhere =
                new TcmbRateSource(java.net.URI.create("http://127.0.0.1:1/kurlar"), http, Duration.ofSeconds(1));

        assertThatThrownBy(() -> nowhere.latest(DAY)).isInstanceOf(SourceUnavailableException.class);
    }
}
