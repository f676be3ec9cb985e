package com.aliaport.ops.exchangerate.tcmb;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.exchangerate.Fixtures;
import com.aliaport.ops.exchangerate.SourceHttpClient;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RecordedTcmbServerTest {

    @Test
    void serves_the_newest_recording_as_today_and_each_recording_in_the_archive_layout() {
        try (RecordedTcmbServer server = RecordedTcmbServer.start(0);
                SourceHttpClient http = new SourceHttpClient(Duration.ofSeconds(2))) {
            TcmbRateSource tcmb = new TcmbRateSource(server.baseUri(), http, Duration.ofSeconds(2));

            assertThat(tcmb.latest(LocalDate.now()).orElseThrow().date()).isEqualTo(Fixtures.TCMB_2024);
            for (LocalDate day : RecordedTcmbServer.BUNDLED) {
                assertThat(tcmb.bulletinOf(day).orElseThrow().date()).isEqualTo(day);
            }
            assertThat(tcmb.bulletinOf(LocalDate.of(2024, 2, 1))).isEmpty();
        }
    }
}
