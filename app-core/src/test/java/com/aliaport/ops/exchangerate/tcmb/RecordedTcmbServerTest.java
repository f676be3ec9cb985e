package com.aliaport.ops.exchangerate.tcmb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aliaport.ops.exchangerate.Fixtures;
import com.aliaport.ops.exchangerate.SourceHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void the_bundled_recordings_are_exact_copies_of_the_shared_fixtures() throws IOException {
        Path shared = Path.of("../../shared/fixtures/tcmb");
        assumeTrue(Files.isDirectory(shared), "shared fixtures not present on this machine");

        assertThat(Fixtures.tcmb(Fixtures.TCMB_2016))
                .isEqualTo(Files.readAllBytes(shared.resolve("today-2016-03-15.xml")));
        assertThat(Fixtures.tcmb(Fixtures.TCMB_2020))
                .isEqualTo(Files.readAllBytes(shared.resolve("today-2020-10-08.xml")));
        assertThat(Fixtures.tcmb(Fixtures.TCMB_2024))
                .isEqualTo(Files.readAllBytes(shared.resolve("archive-2024-01-31.xml")));
        Path evds = Path.of("../../shared/fixtures/evds");
        assertThat(Fixtures.evdsFx())
                .isEqualTo(Files.readAllBytes(evds.resolve("evds3-fx-21ccy-A-S-2026-03-01_2026-03-22.json")));
        assertThat(Fixtures.evds403())
                .isEqualTo(Files.readAllBytes(evds.resolve("evds3-error-403-missing-key-header.json")));
    }
}
