package com.aliaport.ops.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.testsupport.TcpProxy;
import com.aliaport.ops.testsupport.TestPostgres;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the health answer's {@code database} field tells, against a real PostgreSQL cut off through a TCP proxy. */
class DatabaseWatchIT {

    @Test
    void an_outage_is_seen_when_it_starts_and_remembered_with_its_end_once_postgresql_answers_again() {
        ConnectionSettings direct = TestPostgres.newDatabase();
        String[] hostPort = TestPostgres.hostPort().split(":");
        try (TcpProxy proxy = new TcpProxy(hostPort[0], Integer.parseInt(hostPort[1]))) {
            ConnectionSettings proxied = new ConnectionSettings(
                    direct.jdbcUrl().replace(TestPostgres.hostPort(), "127.0.0.1:" + proxy.port()),
                    direct.user(),
                    direct.password());
            DatabaseWatch watch = new DatabaseWatch(proxied, Clock.systemUTC());

            // GIVEN PostgreSQL answers
            watch.probeOnce();
            Map<String, Object> up = watch.health();
            assertThat(up)
                    .containsEntry("status", "UP")
                    .containsEntry("outages", 0)
                    .doesNotContainKey("last_outage");
            assertThat((String) up.get("server")).endsWith(":" + hostPort[1]);

            // WHEN it is cut off
            Instant cut = Instant.now();
            proxy.cut();
            watch.probeOnce();
            watch.probeOnce();
            Map<String, Object> down = watch.health();
            assertThat(down).containsEntry("status", "UNREACHABLE").containsEntry("outages", 1);
            Map<?, ?> open = (Map<?, ?>) down.get("last_outage");
            assertThat(Instant.parse((String) open.get("from"))).isAfterOrEqualTo(cut);
            assertThat(open.get("to")).isNull();
            assertThat((String) open.get("error")).isNotBlank();

            // THEN, answering again, it is UP with the outage closed and the same server
            proxy.restore();
            Instant back = Instant.now();
            watch.probeOnce();
            Map<String, Object> again = watch.health();
            assertThat(again).containsEntry("status", "UP").containsEntry("outages", 1);
            assertThat(again.get("server")).isEqualTo(up.get("server"));
            assertThat(Instant.parse((String) again.get("since"))).isAfterOrEqualTo(back);
            Map<?, ?> closed = (Map<?, ?>) again.get("last_outage");
            assertThat(Instant.parse((String) closed.get("to"))).isAfterOrEqualTo(back);
            assertThat((Double) closed.get("seconds")).isPositive();
            assertThat(again).doesNotContainKey("last_server_change");
            watch.close();
        } finally {
            TestPostgres.drop(direct);
        }
    }
}
