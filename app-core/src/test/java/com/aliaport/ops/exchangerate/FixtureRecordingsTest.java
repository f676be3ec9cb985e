package com.aliaport.ops.exchangerate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The recorded TCMB and EVDS responses are the recordings themselves: each file listed in
 * {@code fixtures/README.md} (with its provenance) has the SHA-256 written there.
 */
class FixtureRecordingsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([0-9a-f]{64})` \\|");

    @Test
    void every_recording_has_the_checksum_of_its_provenance_table() throws Exception {
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : new String(resource("fixtures/README.md"), StandardCharsets.UTF_8)
                .lines()
                .toList()) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                listed.put(m.group(1), m.group(2));
            }
        }

        assertThat(listed)
                .as("recordings listed in fixtures/README.md")
                .containsKeys(
                        "demo/tcmb/" + Fixtures.TCMB_2016 + ".xml",
                        "demo/tcmb/" + Fixtures.TCMB_2020 + ".xml",
                        "demo/tcmb/" + Fixtures.TCMB_2024 + ".xml",
                        "fixtures/evds/evds3-fx-21ccy-A-S-2026-03-01_2026-03-22.json",
                        "fixtures/evds/evds3-error-403-missing-key-header.json");
        for (var e : listed.entrySet()) {
            assertThat(sha256(resource(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void the_fixtures_helpers_read_those_recordings() throws Exception {
        assertThat(Fixtures.tcmb(Fixtures.TCMB_2024)).isEqualTo(resource("demo/tcmb/2024-01-31.xml"));
        assertThat(Fixtures.evdsFx())
                .isEqualTo(resource("fixtures/evds/evds3-fx-21ccy-A-S-2026-03-01_2026-03-22.json"));
        assertThat(Fixtures.evds403()).isEqualTo(resource("fixtures/evds/evds3-error-403-missing-key-header.json"));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FixtureRecordingsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the test class path").isNotNull();
            return in.readAllBytes();
        }
    }
}
