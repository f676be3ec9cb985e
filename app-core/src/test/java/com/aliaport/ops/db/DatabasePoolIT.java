package com.aliaport.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.testsupport.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The daemon's connection pool on the real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class DatabasePoolIT {
    @Test
    void a_connection_idle_for_over_half_a_second_is_checked_with_a_select_not_an_empty_simple_query(
            ConnectionSettings settings) throws Exception {
        try (Database db = Database.connect(settings, "pool-check", 1);
                Connection observer = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), "")) {
            int pid;
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            Thread.sleep(700); // past HikariCP's 500 ms in which a returned connection is handed out unchecked

            try (Connection again = db.dataSource().getConnection();
                    PreparedStatement last =
                            observer.prepareStatement("SELECT query FROM pg_stat_activity WHERE pid = ?")) {
                last.setInt(1, pid);
                try (ResultSet rs = last.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    // The one connection of the pool, its last statement the check made as it was handed out.
                    assertThat(rs.getString(1)).isEqualTo("SELECT 1");
                }
            }
        }
    }
}
