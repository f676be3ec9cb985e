package com.aliaport.ops.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.ConfigException;
import com.aliaport.ops.config.ConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped configuration and the daemon agree: every variable in the example is one the daemon reads, and
 * every variable the daemon reads is in the example. "Reads" is established by behaviour, not by grepping: a
 * key is read when giving it some value changes what {@link AppConfig#load} returns, or makes it fail naming
 * that key.
 */
class ConfigExampleTest {
    static final Path INSTALLER = Path.of("").toAbsolutePath();
    static final Path EXAMPLE = INSTALLER.resolve("conf/aliaport.conf");

    /**
     * A configuration that reaches every branch of {@link AppConfig#load}: SMTP on (its port, user, password,
     * STARTTLS and sender are read only then), S3 storage (endpoint and region likewise), metrics auth (user and
     * password only in pairs).
     */
    static final Map<String, String> EVERY_BRANCH = Map.of(
            "ALIAPORT_HOME", "/var/lib/aliaport",
            "ALIAPORT_NODE_ID", "liman-app-1",
            "ALIAPORT_STORAGE", "s3://aliaport-reports/prod",
            "ALIAPORT_SMTP_HOST", "smtp.aliaport.example",
            "ALIAPORT_SMTP_TO", "ops@aliaport.example",
            "ALIAPORT_METRICS_USER", "prometheus",
            "ALIAPORT_METRICS_PASSWORD", "change-me");

    /** Values of every shape AppConfig parses; for each key at least one is valid and not its default. */
    static final List<String> PROBES = List.of(
            "17",
            "1",
            "true",
            "false",
            "partitioned",
            "x",
            "https://probe.aliaport.example",
            "redis://probe.aliaport.example:6379/0",
            "jdbc:postgresql://probe.aliaport.example:5432/probe",
            "file:/srv/probe",
            "s3://probe-bucket/p",
            "probe@aliaport.example",
            "probe:token-of-the-probe",
            "0 0 3 * * ?");

    /** Read by something other than {@link AppConfig}: not settings for the file. */
    static final Set<String> NOT_FOR_THE_FILE = Set.of(
            // names the file itself (the unit and the launcher set it)
            "ALIAPORT_CONFIG");

    @Test
    void every_variable_in_the_example_is_read_by_the_daemon() {
        Set<String> example = inTheExample();

        assertThat(example).hasSizeGreaterThan(20);
        assertThat(example.stream().filter(k -> !readByAppConfig(k)).toList())
                .as("variables in conf/aliaport.conf that change nothing in AppConfig.load")
                .isEmpty();
    }

    @Test
    void every_variable_the_daemon_reads_is_in_the_example() {
        // The candidates: every ALIAPORT_* name the daemon's code spells; which of them it really reads is
        // then decided by behaviour.
        Set<String> read = namedInTheDaemonsCode().stream()
                .filter(k -> !NOT_FOR_THE_FILE.contains(k))
                .filter(ConfigExampleTest::readByAppConfig)
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(inTheExample());

        assertThat(read).hasSizeGreaterThan(40);
        assertThat(missing)
                .as("variables AppConfig.load reads that conf/aliaport.conf does not name")
                .isEmpty();
    }

    @Test
    void the_probe_tells_a_read_variable_from_an_unknown_one() {
        // The test's own measure can fail both ways: a known key is read, a made-up one is not, and the
        // logging level (read by logback from the environment only) does not count as a file setting.
        assertThat(readByAppConfig("ALIAPORT_REPORT_LEASE_SECONDS")).isTrue();
        assertThat(readByAppConfig("ALIAPORT_SMTP_STARTTLS")).isTrue();
        assertThat(readByAppConfig("ALIAPORT_NO_SUCH_SETTING")).isFalse();
        assertThat(readByAppConfig("ALIAPORT_LOG_LEVEL")).isFalse();
    }

    @Test
    void the_example_covers_the_production_settings() {
        assertThat(inTheExample())
                .contains(
                        "ALIAPORT_NODE_ID",
                        "ALIAPORT_HOME",
                        "ALIAPORT_DB_URL",
                        "ALIAPORT_DB_USER",
                        "ALIAPORT_DB_PASSWORD",
                        "ALIAPORT_REDIS_URL",
                        "ALIAPORT_STORAGE",
                        "ALIAPORT_LINK_SECRET",
                        "ALIAPORT_HTTP_BIND",
                        "ALIAPORT_API_TOKENS",
                        "ALIAPORT_METRICS_PASSWORD",
                        "ALIAPORT_SHUTDOWN_GRACE_SECONDS");
    }

    @Test
    void the_example_sets_nothing_but_the_state_directory() throws IOException {
        // Unedited, the package's config must not point the daemon at a server that does not exist.
        assertThat(Files.readAllLines(EXAMPLE).stream().filter(l -> l.startsWith("ALIAPORT_")))
                .containsExactly("ALIAPORT_HOME=/var/lib/aliaport");
    }

    @Test
    void the_example_as_shipped_loads() {
        // What the daemon does with the file: ConfigSource reads it, AppConfig accepts it.
        AppConfig config = AppConfig.load(ConfigSource.fromEnvironment(Map.of("ALIAPORT_CONFIG", EXAMPLE.toString())));

        assertThat(config.home()).isEqualTo(Path.of("/var/lib/aliaport"));
    }

    @Test
    void every_commented_value_in_the_example_is_accepted() {
        // "#KEY=value" lines are the defaults or examples an admin uncomments: each must load as it stands.
        Map<String, String> commented = commentedValues();
        assertThat(commented).isNotEmpty();
        commented.forEach((key, value) -> {
            if (!value.isEmpty()) {
                AppConfig.load(ConfigSource.of(withExtra(key, value)));
            }
        });
    }

    static boolean readByAppConfig(String key) {
        AppConfig baseline = AppConfig.load(ConfigSource.of(EVERY_BRANCH));
        for (String probe : PROBES) {
            try {
                if (!AppConfig.load(ConfigSource.of(withExtra(key, probe))).equals(baseline)) {
                    return true;
                }
            } catch (ConfigException e) {
                if (e.getMessage().contains(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, String> withExtra(String key, String value) {
        Map<String, String> values = new java.util.HashMap<>(EVERY_BRANCH);
        values.put(key, value);
        return values;
    }

    private static Set<String> inTheExample() {
        return commentedValues().keySet().stream().collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code KEY=value} of every line, commented out or not. */
    private static Map<String, String> commentedValues() {
        Map<String, String> values = new java.util.TreeMap<>();
        Pattern line = Pattern.compile("^#?(ALIAPORT_[A-Z0-9_]+)=(.*)$");
        for (String l : lines(EXAMPLE)) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                values.put(m.group(1), m.group(2).strip());
            }
        }
        return values;
    }

    private static Set<String> namedInTheDaemonsCode() {
        Pattern key = Pattern.compile("\"(ALIAPORT_[A-Z0-9_]+)\"");
        Set<String> keys = new TreeSet<>();
        for (String module : new String[] {"app-core", "app-daemon"}) {
            try (Stream<Path> files = Files.walk(INSTALLER.resolve("../" + module + "/src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    Matcher m = key.matcher(String.join("\n", lines(f)));
                    while (m.find()) {
                        keys.add(m.group(1));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys;
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
