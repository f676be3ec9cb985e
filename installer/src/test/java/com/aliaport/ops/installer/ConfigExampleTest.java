package com.aliaport.ops.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped configuration names only variables the daemon reads, and every one an admin must set. */
class ConfigExampleTest {
    static final Path INSTALLER = Path.of("").toAbsolutePath();
    static final Pattern KEY = Pattern.compile("\"(ALIAPORT_[A-Z0-9_]+)\"");

    @Test
    void every_variable_in_the_example_is_read_by_the_daemon() throws IOException {
        Set<String> read = readByTheDaemon();
        Set<String> example = inTheExample();

        assertThat(example).isNotEmpty();
        assertThat(read).containsAll(example);
    }

    @Test
    void the_example_covers_the_production_settings() throws IOException {
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
        assertThat(Files.readAllLines(INSTALLER.resolve("conf/aliaport.conf")).stream()
                        .filter(l -> l.startsWith("ALIAPORT_")))
                .containsExactly("ALIAPORT_HOME=/var/lib/aliaport");
    }

    private static Set<String> inTheExample() throws IOException {
        Set<String> keys = new TreeSet<>();
        Pattern line = Pattern.compile("^#?(ALIAPORT_[A-Z0-9_]+)=");
        for (String l : Files.readAllLines(INSTALLER.resolve("conf/aliaport.conf"))) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static Set<String> readByTheDaemon() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String module : new String[] {"app-core", "app-daemon"}) {
            try (Stream<Path> files = Files.walk(INSTALLER.resolve("../" + module + "/src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    Matcher m = KEY.matcher(read(f));
                    while (m.find()) {
                        keys.add(m.group(1));
                    }
                });
            }
        }
        return keys;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
