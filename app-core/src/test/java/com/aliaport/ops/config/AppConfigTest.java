package com.aliaport.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    private static AppConfig load(Map<String, String> env) {
        return AppConfig.load(ConfigSource.fromEnvironment(env));
    }

    @Test
    void defaults_are_the_contracts() {
        AppConfig c = load(Map.of("ALIAPORT_HOME", "/tmp/al"));
        assertThat(c.database().embedded()).isTrue();
        assertThat(c.redis().embedded()).isTrue();
        assertThat(c.storage()).isEqualTo(new AppConfig.FolderStorage(Path.of("/tmp/al/reports")));
        assertThat(c.rateSources().tcmbBase()).hasToString("https://www.tcmb.gov.tr/kurlar");
        assertThat(c.http().bind()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.workers()).isEqualTo(2);
        assertThat(c.scheduler().misfireGrace().toSeconds()).isEqualTo(300);
        assertThat(c.scheduler().hardLimit().toMinutes()).isEqualTo(10);
        assertThat(c.scheduler().retries()).isEqualTo(3);
    }

    @Test
    void a_port_that_is_not_a_number_names_the_variable() {
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_HTTP_PORT", "80a")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ALIAPORT_HTTP_PORT: '80a' is not a whole number");
    }

    @Test
    void a_malformed_url_names_the_variable_and_hides_the_password() {
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_REDIS_URL", "http://u:hunter2@host:6379")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ALIAPORT_REDIS_URL: ")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_TCMB_URL", "ht tp://x")))
                .hasMessageStartingWith("ALIAPORT_TCMB_URL: ");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_DB_URL", "postgres://localhost/x")))
                .hasMessageStartingWith("ALIAPORT_DB_URL: ");
    }

    @Test
    void an_unknown_storage_scheme_is_refused() {
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_STORAGE", "ftp://reports")))
                .hasMessageStartingWith("ALIAPORT_STORAGE: unknown storage scheme");
    }

    @Test
    void s3_storage_takes_bucket_prefix_endpoint_and_region() {
        AppConfig c = load(Map.of(
                "ALIAPORT_STORAGE",
                "s3://aliaport-reports/prod/",
                "ALIAPORT_S3_ENDPOINT",
                "http://127.0.0.1:9000",
                "ALIAPORT_S3_REGION",
                "eu-central-1"));
        AppConfig.S3Storage s3 = (AppConfig.S3Storage) c.storage();
        assertThat(s3.bucket()).isEqualTo("aliaport-reports");
        assertThat(s3.prefix()).isEqualTo("prod");
        assertThat(s3.endpoint()).get().hasToString("http://127.0.0.1:9000");
        assertThat(s3.region()).contains("eu-central-1");
    }

    @Test
    void api_tokens_map_to_users_and_never_print() {
        AppConfig c = load(Map.of("ALIAPORT_API_TOKENS", "42:s3cret, finance:t0ken"));
        assertThat(c.http().usersByToken()).containsEntry("s3cret", "42").containsEntry("t0ken", "finance");
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("t0ken");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_API_TOKENS", "nocolon")))
                .hasMessageStartingWith("ALIAPORT_API_TOKENS: ");
    }

    @Test
    void secrets_never_print() {
        AppConfig c = load(Map.ofEntries(
                Map.entry(
                        "ALIAPORT_DB_URL",
                        "jdbc:postgresql://db:5432/aliaport?ssl=true&password=jdbc-pw-1&sslpassword=ssl-pw-2"),
                Map.entry("ALIAPORT_DB_PASSWORD", "pw-123"),
                Map.entry("ALIAPORT_REDIS_URL", "redis://ops:redis-pw-3@cache:6380/2"),
                Map.entry("ALIAPORT_ALERT_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/webhook-token-4"),
                Map.entry("ALIAPORT_EVDS_API_KEY", "evds-key-5"),
                Map.entry("ALIAPORT_SMTP_HOST", "smtp.example"),
                Map.entry("ALIAPORT_SMTP_USER", "alerts"),
                Map.entry("ALIAPORT_SMTP_PASSWORD", "smtp-pw-6"),
                Map.entry("ALIAPORT_SMTP_TO", "ops@example.com"),
                Map.entry("ALIAPORT_METRICS_USER", "prom"),
                Map.entry("ALIAPORT_METRICS_PASSWORD", "metrics-pw-7"),
                Map.entry("ALIAPORT_LINK_SECRET", "link-secret-8-0123456789"),
                Map.entry("ALIAPORT_API_TOKENS", "42:api-token-9")));

        assertThat(c.toString())
                .doesNotContain(
                        "jdbc-pw-1",
                        "ssl-pw-2",
                        "pw-123",
                        "redis-pw-3",
                        "webhook-token-4",
                        "T000/B000",
                        "evds-key-5",
                        "smtp-pw-6",
                        "metrics-pw-7",
                        "link-secret-8",
                        "api-token-9")
                // and still says where things are
                .contains("jdbc:postgresql://db:5432/aliaport?ssl=true&password=****&sslpassword=****")
                .contains("redis://ops:****@cache:6380/2")
                .contains("https://hooks.slack.com/****");
        assertThat(c.redis().address())
                .get()
                .isEqualTo(new RedisAddress.Direct(java.net.URI.create("redis://ops:redis-pw-3@cache:6380/2")));
    }

    @Test
    void a_mistyped_db_url_is_echoed_without_its_password() {
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_DB_URL", "postgresql://u:pw-1@db/x?password=pw-2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ALIAPORT_DB_URL: 'postgresql://u:****@db/x?password=****'")
                .message()
                .doesNotContain("pw-1", "pw-2");
    }

    @Test
    void the_config_file_is_read_and_the_environment_wins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("aliaport.env");
        Files.writeString(file, """
                # production settings
                ALIAPORT_HTTP_PORT=9090
                ALIAPORT_NODE_ID="node-from-file"
                export ALIAPORT_WORKERS=6
                """);
        AppConfig c = load(Map.of("ALIAPORT_CONFIG", file.toString(), "ALIAPORT_WORKERS", "3"));
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.nodeId()).isEqualTo("node-from-file");
        assertThat(c.workers()).isEqualTo(3);
    }

    @Test
    void a_config_file_line_without_equals_is_refused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.env");
        Files.writeString(file, "ALIAPORT_HTTP_PORT 9090\n");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_CONFIG", file.toString())))
                .hasMessageStartingWith("ALIAPORT_CONFIG: line 1 of ");
    }

    @Test
    void audit_archiving_defaults_to_plain_mode_with_90_days_and_takes_the_partitioned_switch() {
        AppConfig.Audit defaults = load(Map.of()).audit();
        assertThat(defaults).isEqualTo(new AppConfig.Audit(90));
        assertThat(defaults.mode()).isEqualTo(AppConfig.Audit.Mode.PLAIN);

        AppConfig.Audit custom = load(Map.of(
                        "ALIAPORT_AUDIT_MODE",
                        "Partitioned",
                        "ALIAPORT_AUDIT_RETENTION_DAYS",
                        "30",
                        "ALIAPORT_AUDIT_BATCH_SIZE",
                        "50000",
                        "ALIAPORT_AUDIT_PARTITIONS_AHEAD",
                        "6"))
                .audit();
        assertThat(custom).isEqualTo(new AppConfig.Audit(30, AppConfig.Audit.Mode.PARTITIONED, 50_000, 6));
    }

    @Test
    void an_unknown_audit_mode_names_the_variable() {
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_AUDIT_MODE", "monthly")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ALIAPORT_AUDIT_MODE: 'monthly' is not plain or partitioned");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_AUDIT_BATCH_SIZE", "10")))
                .hasMessage("ALIAPORT_AUDIT_BATCH_SIZE: 10 is outside 100..1000000");
    }

    @Test
    void each_guard_stops_with_one_message_naming_the_variable() {
        assertThatThrownBy(() -> load(Map.of(
                        "ALIAPORT_REPORT_SOFT_LIMIT_SECONDS", "600", "ALIAPORT_REPORT_HARD_LIMIT_SECONDS", "300")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ALIAPORT_REPORT_HARD_LIMIT_SECONDS: must not be below ALIAPORT_REPORT_SOFT_LIMIT_SECONDS");
        assertThatThrownBy(() ->
                        load(Map.of("ALIAPORT_JOB_SOFT_LIMIT_SECONDS", "120", "ALIAPORT_JOB_HARD_LIMIT_SECONDS", "60")))
                .hasMessage("ALIAPORT_JOB_HARD_LIMIT_SECONDS: must not be below ALIAPORT_JOB_SOFT_LIMIT_SECONDS");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_LINK_SECRET", "short-secret")))
                .hasMessage("ALIAPORT_LINK_SECRET: must be at least 16 characters")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_METRICS_USER", "prom")))
                .hasMessageStartingWith("ALIAPORT_METRICS_PASSWORD: set both");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_METRICS_PASSWORD", "pw-only")))
                .hasMessageStartingWith("ALIAPORT_METRICS_PASSWORD: set both")
                .hasMessageNotContaining("pw-only");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_SMTP_HOST", "smtp.example")))
                .hasMessageStartingWith("ALIAPORT_SMTP_TO: needed when ALIAPORT_SMTP_HOST is set");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_SMTP_HOST", "smtp.example", "ALIAPORT_SMTP_TO", "ops")))
                .hasMessage("ALIAPORT_SMTP_TO: 'ops' is not an e-mail address");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_SCHEDULER_ENABLED", "ja")))
                .hasMessage("ALIAPORT_SCHEDULER_ENABLED: 'ja' is not true or false");
        assertThatThrownBy(() -> load(Map.of("ALIAPORT_SMTP_STARTTLS", "maybe")))
                .hasMessage("ALIAPORT_SMTP_STARTTLS: 'maybe' is not true or false");
    }

    @Test
    void booleans_take_the_usual_spellings() {
        assertThat(load(Map.of("ALIAPORT_SCHEDULER_ENABLED", "off")).scheduler().autoStart())
                .isFalse();
        assertThat(load(Map.of("ALIAPORT_SCHEDULER_ENABLED", "YES")).scheduler().autoStart())
                .isTrue();
        assertThat(load(Map.of("ALIAPORT_SCHEDULER_ENABLED", "0")).scheduler().autoStart())
                .isFalse();
    }
}
