package com.aliaport.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.testsupport.TestKeystore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one list of known keys: what AppConfig reads, what is masked, what is reported as unknown. */
class ConfigKeysTest {
    /** A value for every key that is not PLAIN, each carrying a marker that must never print. */
    private static final Map<String, String> SECRET_VALUES = Map.ofEntries(
            Map.entry("ALIAPORT_DB_URL", "jdbc:postgresql://ops:mark-db-url-1@db:5432/x?password=mark-db-url-2"),
            Map.entry("ALIAPORT_DB_PASSWORD", "mark-db-password"),
            Map.entry("ALIAPORT_REDIS_URL", "redis://ops:mark-redis@cache:6379/0"),
            Map.entry("ALIAPORT_S3_ENDPOINT", "http://key:mark-s3@minio:9000"),
            Map.entry("ALIAPORT_TCMB_URL", "https://u:mark-tcmb@tcmb.example/kurlar"),
            Map.entry("ALIAPORT_EVDS_URL", "https://u:mark-evds@evds.example/x?password=mark-evds-2"),
            Map.entry("ALIAPORT_EVDS_API_KEY", "mark-evds-key"),
            Map.entry("ALIAPORT_API_TOKENS", "ops:mark-api-token"),
            Map.entry("ALIAPORT_METRICS_PASSWORD", "mark-metrics"),
            Map.entry("ALIAPORT_ALERT_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/mark-webhook"),
            Map.entry("ALIAPORT_SMTP_PASSWORD", "mark-smtp"),
            Map.entry("ALIAPORT_PUBLIC_URL", "https://u:mark-public@ops.example"),
            Map.entry("ALIAPORT_LINK_SECRET", "mark-link-secret-0123456789"),
            Map.entry("ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD", "mark-tls-password"));

    /** The keystore the TLS password opens: the configuration opens it when it is read. */
    private static Path keystore;

    private static synchronized Path keystore() {
        if (keystore == null) {
            try {
                Path dir = Files.createTempDirectory("config-keys");
                keystore = TestKeystore.create(dir, "ops.p12", SECRET_VALUES.get("ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD"))
                        .file();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keystore;
    }

    /** The settings the secrets above need to be read at all (SMTP host and recipient, S3 storage, ...). */
    private static Map<String, String> everything() {
        Map<String, String> env = new HashMap<>(SECRET_VALUES);
        env.put("ALIAPORT_STORAGE", "s3://reports-bucket/p");
        env.put("ALIAPORT_S3_REGION", "eu-central-1");
        env.put("ALIAPORT_SMTP_HOST", "smtp.example");
        env.put("ALIAPORT_SMTP_TO", "ops@example.com");
        env.put("ALIAPORT_SMTP_USER", "alerts");
        env.put("ALIAPORT_METRICS_USER", "prom");
        env.put("ALIAPORT_HTTP_TLS_KEYSTORE", keystore().toString());
        return env;
    }

    @Test
    void every_key_appconfig_reads_is_declared_and_every_declared_key_is_read() {
        ConfigSource source = ConfigSource.of(everything());
        AppConfig.load(source);

        Set<String> notReadByAppConfig = Set.of("ALIAPORT_CONFIG", "ALIAPORT_LOG_LEVEL");
        assertThat(new TreeSet<>(source.asked()))
                .isEqualTo(ConfigKeys.names().stream()
                        .filter(k -> !notReadByAppConfig.contains(k))
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void reading_an_undeclared_key_fails_at_once() {
        ConfigValues values = new ConfigValues(ConfigSource.of(Map.of()));
        assertThatThrownBy(() -> values.string("ALIAPORT_NOT_DECLARED"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ALIAPORT_NOT_DECLARED is read but not declared in ConfigKeys");
    }

    @Test
    void every_key_that_is_not_plain_is_masked_in_the_printed_config() {
        assertThat(SECRET_VALUES.keySet())
                .as("a sample value for every key declared SECRET, URL or SECRET_URL")
                .containsExactlyInAnyOrderElementsOf(ConfigKeys.names().stream()
                        .filter(k -> ConfigKeys.kind(k) != ConfigKeys.Kind.PLAIN)
                        .toList());

        String printed = AppConfig.load(ConfigSource.of(everything())).toString();

        assertThat(printed).doesNotContain("mark-", "T0/B0");
        assertThat(printed)
                .contains("jdbc:postgresql://ops:****@db:5432/x?password=****")
                .contains("redis://ops:****@cache:6379/0")
                .contains("https://hooks.slack.com/****")
                .contains("http://key:****@minio:9000");
    }

    @Test
    void a_mistyped_secret_url_is_echoed_without_its_token() {
        assertThatThrownBy(() -> AppConfig.load(
                        ConfigSource.of(Map.of("ALIAPORT_ALERT_WEBHOOK_URL", "hooks.slack.com/services/T0/B0/tok-1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ALIAPORT_ALERT_WEBHOOK_URL: '****' must start with http, https://")
                .hasMessageNotContaining("tok-1");
        assertThatThrownBy(() -> AppConfig.load(ConfigSource.of(
                        Map.of("ALIAPORT_ALERT_WEBHOOK_URL", "htps://hooks.slack.com/services/T0/B0/tok-2"))))
                .hasMessageStartingWith("ALIAPORT_ALERT_WEBHOOK_URL: 'htps://hooks.slack.com/****'")
                .hasMessageNotContaining("tok-2");
        assertThatThrownBy(() -> AppConfig.load(
                        ConfigSource.of(Map.of("ALIAPORT_ALERT_WEBHOOK_URL", "https://hooks slack/T0/tok-3"))))
                .hasMessageNotContaining("tok-3");
    }

    @Test
    void a_misspelt_key_is_reported_with_the_closest_known_name() {
        List<String> warnings = ConfigSource.fromEnvironment(
                        Map.of("ALIAPORT_LINK_SECRT", "x", "ALIAPORT_DB_URL", "jdbc:postgresql://db/x", "PATH", "/bin"))
                .warnings();

        assertThat(warnings)
                .containsExactly("unknown setting ALIAPORT_LINK_SECRT in the environment is ignored"
                        + " (did you mean ALIAPORT_LINK_SECRET?)");
    }

    @Test
    void a_key_like_no_known_one_is_reported_without_a_guess_and_test_harness_keys_are_not_reported() {
        assertThat(ConfigSource.fromEnvironment(Map.of(
                                "ALIAPORT_COFFEE_MACHINE", "on",
                                "ALIAPORT_TEST_REDIS_URL", "redis://127.0.0.1:6393/13",
                                "ALIAPORT_TEST_PG_URL", "jdbc:postgresql://127.0.0.1/postgres"))
                        .warnings())
                .containsExactly("unknown setting ALIAPORT_COFFEE_MACHINE in the environment is ignored");
    }

    @Test
    void unknown_keys_in_the_config_file_are_reported_with_the_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("aliaport.conf");
        Files.writeString(file, "ALIAPORT_HTTP_PORTT=9090\nALIAPORT_HTTP_BIND=0.0.0.0\n");

        assertThat(ConfigSource.fromEnvironment(Map.of("ALIAPORT_CONFIG", file.toString()))
                        .warnings())
                .containsExactly("unknown setting ALIAPORT_HTTP_PORTT in " + file
                        + " is ignored (did you mean ALIAPORT_HTTP_PORT?)");
    }
}
