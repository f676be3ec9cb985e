package com.aliaport.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL (no ALIAPORT_DB_URL) takes only its superuser with the password it keeps. */
class EmbeddedPostgresServerIT {
    @TempDir
    Path home;

    @Test
    void connections_without_the_generated_password_are_refused_and_with_it_work() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home)) {
            ConnectionSettings settings = server.settings();
            Secret password = settings.password().orElseThrow();

            assertThatThrownBy(() -> connect(settings.jdbcUrl(), "").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(
                            () -> connect(settings.jdbcUrl(), "wrong-password").close())
                    .hasMessageContaining("password authentication failed");
            try (Connection c = connect(settings.jdbcUrl(), password.value())) {
                assertThat(c.isValid(2)).isTrue();
            }

            assertThat(Files.readString(home.resolve(EmbeddedPostgresServer.PASSWORD_FILE))
                            .strip())
                    .isEqualTo(password.value());
            assertThat(mode(home.resolve(EmbeddedPostgresServer.PASSWORD_FILE))).isEqualTo("rw-------");
            assertThat(mode(home.resolve(ConnectionSettings.FILE_NAME))).isEqualTo("rw-------");
            assertThat(ConnectionSettings.readFrom(home.resolve(ConnectionSettings.FILE_NAME)))
                    .get()
                    .extracting(s -> s.password().orElseThrow().value())
                    .isEqualTo(password.value());

            // A second process of the same home (a CLI command) joins with the password from the file.
            try (EmbeddedPostgresServer joined = EmbeddedPostgresServer.startOrJoin(home);
                    Database db = Database.connect(joined.settings(), "join", 1)) {
                assertThat(db.dsl().fetchValue("SELECT current_user")).isEqualTo("postgres");
            }
        }
    }

    @Test
    void the_password_survives_a_restart_and_a_data_folder_from_before_passwords_gets_one() throws Exception {
        Secret first;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home)) {
            first = server.settings().password().orElseThrow();
        }
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(home)) {
            assertThat(again.settings().password()).contains(first);
        }

        // GIVEN the data folder of an older version: pg_hba.conf trusts everyone, no password file
        Path data = home.resolve("pgdata");
        Files.writeString(data.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
        Files.delete(home.resolve(EmbeddedPostgresServer.PASSWORD_FILE));

        // WHEN it starts
        try (EmbeddedPostgresServer upgraded = EmbeddedPostgresServer.start(home)) {
            // THEN a new password is generated and required
            Secret second = upgraded.settings().password().orElseThrow();
            assertThat(second).isNotEqualTo(first);
            String url = upgraded.settings().jdbcUrl();
            assertThatThrownBy(() -> connect(url, "").close()).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(url, first.value()).close()).isInstanceOf(SQLException.class);
            try (Connection c = connect(url, second.value())) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void connection_settings_keep_the_password_in_an_owner_only_file() throws Exception {
        Path file = home.resolve("sub").resolve(ConnectionSettings.FILE_NAME);
        new ConnectionSettings("jdbc:postgresql://127.0.0.1:5999/postgres", "postgres", Optional.of(new Secret("pw-1")))
                .writeTo(file);

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(ConnectionSettings.readFrom(file).orElseThrow().password()).contains(new Secret("pw-1"));
    }

    private static Connection connect(String url, String password) throws SQLException {
        return DriverManager.getConnection(url + "?connectTimeout=5", "postgres", password);
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
