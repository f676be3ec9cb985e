package com.aliaport.ops.console.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.config.Secret;
import com.aliaport.ops.db.ConnectionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSourceTest {
    @TempDir
    Path home;

    @Test
    void environment_variables_connect_at_once() {
        ConnectionSource s = ConnectionSource.from(
                Map.of(
                        "ALIAPORT_DB_URL",
                        "jdbc:postgresql://db:5432/aliaport",
                        "ALIAPORT_DB_USER",
                        "ayse",
                        "ALIAPORT_DB_PASSWORD",
                        "gizli"),
                home);
        assertThat(s.kind()).isEqualTo(ConnectionSource.Kind.ENVIRONMENT);
        assertThat(s.settings().get().user()).isEqualTo("ayse");
        assertThat(s.settings().get().password().get().value()).isEqualTo("gizli");
    }

    @Test
    void a_running_embedded_daemon_is_offered_from_its_file() {
        Path aliaportHome = home.resolve("state");
        new ConnectionSettings("jdbc:postgresql://localhost:40000/aliaport", "aliaport", Optional.empty())
                .writeTo(aliaportHome.resolve(ConnectionSettings.FILE_NAME));
        ConnectionSource s = ConnectionSource.from(Map.of("ALIAPORT_HOME", aliaportHome.toString()), home);
        assertThat(s.kind()).isEqualTo(ConnectionSource.Kind.EMBEDDED_DAEMON);
        assertThat(s.settings().get().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:40000/aliaport");
    }

    @Test
    void an_embedded_daemon_s_password_is_read_from_its_owner_only_file() throws Exception {
        Path aliaportHome = home.resolve("state");
        Path file = aliaportHome.resolve(ConnectionSettings.FILE_NAME);
        new ConnectionSettings(
                        "jdbc:postgresql://127.0.0.1:40001/postgres", "postgres", Optional.of(new Secret("pw-7")))
                .writeTo(file);

        ConnectionSource s = ConnectionSource.from(Map.of("ALIAPORT_HOME", aliaportHome.toString()), home);

        assertThat(s.kind()).isEqualTo(ConnectionSource.Kind.EMBEDDED_DAEMON);
        assertThat(s.settings().get().password()).contains(new Secret("pw-7"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void without_either_the_console_asks() {
        assertThat(ConnectionSource.from(Map.of(), home).kind()).isEqualTo(ConnectionSource.Kind.ASK);
    }

    @Test
    void saved_profiles_come_back_and_never_hold_a_password() throws Exception {
        ProfileStore store = ProfileStore.inHome(home);
        store.save(new ProfileStore.Profile("liman", "db.liman.local", 5433, "aliaport", "ayse"));
        assertThat(store.all())
                .containsExactly(new ProfileStore.Profile("liman", "db.liman.local", 5433, "aliaport", "ayse"));
        String file = Files.readString(home.resolve(".aliaport/console-profiles.properties"));
        assertThat(file.lines().filter(l -> !l.startsWith("#")))
                .noneMatch(l -> l.toLowerCase().contains("password"));
    }
}
