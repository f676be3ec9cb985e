package com.aliaport.ops.console.bench;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A console benchmark's own database on the PostgreSQL the tests use: {@code ALIAPORT_TEST_PG_URL} (host:port or a
 * jdbc:postgresql:// URL; user {@code ALIAPORT_TEST_PG_USER}, else postgres), else 127.0.0.1:5432.
 */
record BenchDatabase(String hostPort, String user, String name) {
    static BenchDatabase fromEnvironment(String name) {
        String url = Optional.ofNullable(System.getenv("ALIAPORT_TEST_PG_URL")).orElse("127.0.0.1:5432");
        return new BenchDatabase(
                url.replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", ""),
                Optional.ofNullable(System.getenv("ALIAPORT_TEST_PG_USER")).orElse("postgres"),
                name);
    }

    ConnectionSettings settings() {
        return new ConnectionSettings("jdbc:postgresql://" + hostPort + "/" + name, user, Optional.empty());
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(settings().jdbcUrl(), user, null);
    }

    /** Dropped if it was there, created and migrated. */
    void recreate() {
        drop();
        admin("CREATE DATABASE " + name);
        try (Database db = Database.connect(settings(), "bench-" + name, 2)) {
            db.migrate();
        }
    }

    void drop() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", user, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
