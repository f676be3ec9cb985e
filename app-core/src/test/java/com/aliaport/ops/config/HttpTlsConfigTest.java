package com.aliaport.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.testsupport.TestKeystore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ALIAPORT_HTTP_TLS_KEYSTORE} and its password: read once, and a keystore that cannot serve stops the start. */
class HttpTlsConfigTest {
    private static final String PASSWORD = "kestrel-0123";

    @TempDir
    Path dir;

    private static AppConfig load(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("ALIAPORT_HOME", "/tmp/al");
        return AppConfig.load(ConfigSource.fromEnvironment(all));
    }

    private static Map<String, String> tls(Path keystore, String password) {
        return Map.of(
                "ALIAPORT_HTTP_TLS_KEYSTORE", keystore.toString(), "ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD", password);
    }

    @Test
    void without_a_keystore_the_listener_is_plain_http_and_streams_are_capped_at_four() {
        AppConfig.Http http = load(Map.of()).http();
        assertThat(http.tls()).isEmpty();
        assertThat(http.sseStreamsPerUser()).isEqualTo(4);
        assertThat(load(Map.of("ALIAPORT_SSE_STREAMS_PER_USER", "9")).http().sseStreamsPerUser())
                .isEqualTo(9);
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_SSE_STREAMS_PER_USER", "0")))
                .hasMessage("ALIAPORT_SSE_STREAMS_PER_USER: 0 is outside 1..1000");
    }

    @Test
    void a_pkcs12_keystore_with_its_password_is_read_with_its_key_alias_and_never_prints_the_password() {
        TestKeystore ks = TestKeystore.create(dir, "daemon.p12", PASSWORD);

        HttpTls tls = load(tls(ks.file(), PASSWORD)).http().tls().orElseThrow();

        assertThat(tls.keystore()).isEqualTo(ks.file());
        assertThat(tls.password().value()).isEqualTo(PASSWORD);
        assertThat(tls.keyAlias()).isEqualTo("aliaport");
        assertThat(tls.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void a_wrong_password_stops_the_start_naming_the_password_variable() {
        TestKeystore ks = TestKeystore.create(dir, "daemon.p12", PASSWORD);

        assertThatThrownBy(() -> load(tls(ks.file(), "not-the-password")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD: the password does not open " + ks.file());
    }

    @Test
    void a_missing_file_a_folder_and_a_file_that_is_no_keystore_are_refused_by_name() throws Exception {
        Path missing = dir.resolve("nowhere.p12");
        assertThatThrownBy(() -> load(tls(missing, PASSWORD)))
                .hasMessage("ALIAPORT_HTTP_TLS_KEYSTORE: " + missing + " does not exist");
        assertThatThrownBy(() -> load(tls(dir, PASSWORD)))
                .hasMessage("ALIAPORT_HTTP_TLS_KEYSTORE: " + dir + " is not a file");
        Path pem = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
        assertThatThrownBy(() -> load(tls(pem, PASSWORD)))
                .hasMessageStartingWith("ALIAPORT_HTTP_TLS_KEYSTORE: " + pem + " cannot be read as a PKCS12 keystore");
    }

    @Test
    void a_keystore_with_only_certificates_is_refused() {
        TestKeystore ks = TestKeystore.create(dir, "daemon.p12", PASSWORD).certificateOnly(dir, "trust.p12");

        assertThatThrownBy(() -> load(tls(ks.file(), PASSWORD)))
                .hasMessage("ALIAPORT_HTTP_TLS_KEYSTORE: " + ks.file() + " holds no private key (only certificates)");
    }

    @Test
    void one_setting_without_the_other_is_refused() {
        assertThatThrownBy(() -> load(Map.of(
                        "ALIAPORT_HTTP_TLS_KEYSTORE", dir.resolve("x.p12").toString())))
                .hasMessage("ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD: needed when ALIAPORT_HTTP_TLS_KEYSTORE is set");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD", PASSWORD)))
                .hasMessage("ALIAPORT_HTTP_TLS_KEYSTORE: needed when ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD is set"
                        + " (a PKCS12 file)");
    }
}
