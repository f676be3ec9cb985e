package com.aliaport.ops.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.ConfigSource;
import com.aliaport.ops.daemon.DaemonContext;
import com.aliaport.ops.daemon.scheduler.StuckTriggerWatchdog;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StuckTriggerWatchdogIT {

    private static AppConfig config(ConnectionSettings s) throws Exception {
        return AppConfig.load(ConfigSource.of(Map.of(
                "ALIAPORT_DB_URL",
                s.jdbcUrl(),
                "ALIAPORT_DB_USER",
                s.user(),
                "ALIAPORT_HOME",
                Files.createTempDirectory("wd").toString(),
                "ALIAPORT_NODE_ID",
                "wd-node")));
    }

    @Test
    void a_trigger_stuck_in_blocked_with_nothing_running_is_put_back_to_waiting_with_an_alert(
            ConnectionSettings settings, Database db) throws Exception {
        List<String> alerts = new ArrayList<>();
        try (DaemonContext ctx = DaemonContext.open(config(settings), Clock.systemUTC())) {
            ctx.cluster.register();
            // GIVEN the housekeeping trigger left BLOCKED and overdue, with no fired-trigger row: nobody runs it
            db.dsl()
                    .execute(
                            "UPDATE qrtz_triggers SET trigger_state = 'BLOCKED', next_fire_time = ? "
                                    + "WHERE trigger_name = 'job_history_housekeeping'",
                            System.currentTimeMillis() - 3_600_000);
            // and a healthy BLOCKED trigger whose job really runs (a fired-trigger row exists): left alone
            StuckTriggerWatchdog watchdog = new StuckTriggerWatchdog(
                    db.dsl(),
                    Clock.systemUTC(),
                    Duration.ofMinutes(6),
                    (sev, title, msg, details) -> alerts.add(sev + " " + title),
                    new SimpleMeterRegistry());

            var repaired = watchdog.check();

            assertThat(repaired)
                    .extracting(StuckTriggerWatchdog.Repair::job)
                    .containsExactly("job_history_housekeeping");
            assertThat(
                            db.dsl()
                                    .fetchValue(
                                            "SELECT trigger_state FROM qrtz_triggers WHERE trigger_name = 'job_history_housekeeping'"))
                    .isEqualTo("WAITING");
            assertThat(alerts).containsExactly("WARNING Stuck Quartz trigger repaired");
            assertThat(watchdog.check()).isEmpty();
        }
    }

    @Test
    void a_blocked_trigger_of_a_job_that_is_executing_is_not_touched(ConnectionSettings settings, Database db)
            throws Exception {
        try (DaemonContext ctx = DaemonContext.open(config(settings), Clock.systemUTC())) {
            ctx.cluster.register();
            db.dsl()
                    .execute(
                            "UPDATE qrtz_triggers SET trigger_state = 'BLOCKED', next_fire_time = ? "
                                    + "WHERE trigger_name = 'job_history_housekeeping'",
                            System.currentTimeMillis() - 3_600_000);
            db.dsl().execute("""
                    INSERT INTO qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group, instance_name,
                        fired_time, sched_time, priority, state, job_name, job_group, is_nonconcurrent, requests_recovery)
                    SELECT sched_name, 'e1', 'manual-x', 'one-shot', 'other-node', 0, 0, 5, 'EXECUTING', job_name,
                           job_group, true, true
                      FROM qrtz_triggers WHERE trigger_name = 'job_history_housekeeping'
                    """);
            StuckTriggerWatchdog watchdog = new StuckTriggerWatchdog(
                    db.dsl(),
                    Clock.systemUTC(),
                    Duration.ofMinutes(6),
                    (sev, title, msg, details) -> {},
                    new SimpleMeterRegistry());

            assertThat(watchdog.check()).isEmpty();
            assertThat(
                            db.dsl()
                                    .fetchValue(
                                            "SELECT trigger_state FROM qrtz_triggers WHERE trigger_name = 'job_history_housekeeping'"))
                    .isEqualTo("BLOCKED");
        }
    }
}
