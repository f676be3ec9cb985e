package com.aliaport.ops.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.operatorcommand.CommandKind;
import com.aliaport.ops.operatorcommand.CommandState;
import com.aliaport.ops.operatorcommand.InvalidCommandException;
import com.aliaport.ops.operatorcommand.OperatorCommand;
import com.aliaport.ops.operatorcommand.OperatorCommands;
import com.aliaport.ops.scheduledjob.ScheduledJob;
import com.aliaport.ops.scheduledjob.ScheduledJobRepository;
import com.aliaport.ops.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.util.PSQLException;

/**
 * The console's channel to the cluster, end to end: the roles enforced by PostgreSQL, commands inserted as an
 * operator and carried out by a real daemon process through Quartz, the CLI on the same path, the job catalog in
 * {@code scheduled_jobs} and live run history on {@code LISTEN job_runs}. One daemon serves the class; the test
 * of a command given while no daemon runs has a database of its own.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorCommandsIT {
    private static final String SUFFIX = Long.toString(ProcessHandle.current().pid());
    private static final String OPERATOR = "it_operator_" + SUFFIX;
    private static final String VIEWER = "it_viewer_" + SUFFIX;
    private static final Duration OUTCOME = Duration.ofSeconds(15);

    private ConnectionSettings settings;
    private Database db;
    private DaemonNode daemon;
    private Database operatorDb;
    private OperatorCommands asOperator;

    @BeforeAll
    void one_database_one_daemon_and_two_login_roles() {
        settings = TestPostgres.newDatabase();
        db = Database.connect(settings, "test", 4);
        TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        TestPostgres.admin("DROP ROLE IF EXISTS " + VIEWER);
        TestPostgres.admin("CREATE ROLE " + OPERATOR + " LOGIN IN ROLE aliaport_operator");
        TestPostgres.admin("CREATE ROLE " + VIEWER + " LOGIN IN ROLE aliaport_viewer");
        daemon = DaemonNode.start(settings, "node-c", Map.of());
        operatorDb = Database.connect(as(OPERATOR), "operator", 2);
        asOperator = new OperatorCommands(operatorDb.dsl());
    }

    @AfterAll
    void stop_everything() {
        if (daemon != null) {
            daemon.close();
        }
        if (operatorDb != null) {
            operatorDb.close();
        }
        if (db != null) {
            db.close();
        }
        if (settings != null) {
            TestPostgres.drop(settings);
        }
        TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        TestPostgres.admin("DROP ROLE IF EXISTS " + VIEWER);
    }

    @Test
    void a_viewer_may_not_insert_a_command_and_an_operator_may_name_only_command_target_and_parameters()
            throws SQLException {
        // GIVEN a viewer's login: reading is allowed, inserting a command is refused by PostgreSQL
        try (Connection viewer = connect(VIEWER);
                Statement st = viewer.createStatement()) {
            st.executeQuery("SELECT count(*) FROM operator_commands").close();
            st.executeQuery("SELECT count(*) FROM qrtz_triggers").close();
            assertThatThrownBy(() -> st.executeUpdate(
                            "INSERT INTO operator_commands (command, target) VALUES ('PAUSE', 'diag_tick')"))
                    .isInstanceOf(PSQLException.class)
                    .extracting(e -> ((PSQLException) e).getSQLState())
                    .isEqualTo("42501");
            assertThatThrownBy(() -> st.executeUpdate("UPDATE qrtz_triggers SET trigger_state = 'PAUSED'"))
                    .extracting(e -> ((PSQLException) e).getSQLState())
                    .isEqualTo("42501");
        }
        // AND an operator's: who asked and the state are not theirs to set
        try (Connection operator = connect(OPERATOR);
                Statement st = operator.createStatement()) {
            for (String forged : List.of(
                    "INSERT INTO operator_commands (command, target, requested_by) VALUES ('RUN_NOW', 'x', 'someone')",
                    "INSERT INTO operator_commands (command, target, state) VALUES ('RUN_NOW', 'x', 'DONE')",
                    "UPDATE operator_commands SET state = 'DONE'",
                    "INSERT INTO audit_events (event_type) VALUES ('forged')")) {
                assertThatThrownBy(() -> st.executeUpdate(forged))
                        .as(forged)
                        .extracting(e -> ((PSQLException) e).getSQLState())
                        .isEqualTo("42501");
            }
        }
        // WHEN the operator submits through the core service THEN the row names the operator's login
        OperatorCommand c = asOperator.submit(CommandKind.RUN_NOW, "no_such_job_for_roles", Map.of());
        assertThat(c.requestedBy()).isEqualTo(OPERATOR);
        assertThat(c.state()).isEqualTo(CommandState.WAITING);
        assertThat(db.dsl()
                        .fetchValue(
                                "SELECT user_id FROM audit_events WHERE event_type = 'command.requested'"
                                        + " AND (details->>'command_id')::bigint = ?",
                                c.id()))
                .isEqualTo(OPERATOR);
        await(c.id());
    }

    @Test
    void a_pause_inserted_by_an_operator_is_carried_out_by_the_daemon_within_a_second_and_audited() {
        // GIVEN a scheduled job with its trigger waiting
        assertThat(triggerState("job_history_housekeeping")).isEqualTo("WAITING");

        // WHEN an operator asks for a pause
        long t0 = System.nanoTime();
        OperatorCommand asked = asOperator.submit(CommandKind.PAUSE, "job_history_housekeeping", Map.of());
        OperatorCommand done = awaitFast(asked.id());
        long latencyMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[OperatorCommandsIT] PAUSE insert -> DONE by the daemon: " + latencyMs + " ms");

        // THEN the daemon carried it out, Quartz's trigger is paused and the audit log names the operator
        assertThat(done.state()).as(done.toString()).isEqualTo(CommandState.DONE);
        assertThat(done.handledBy()).contains("node-c");
        assertThat(done.outcome()).contains("job_history_housekeeping paused");
        assertThat(latencyMs).as("generous bound; the target is 1 s").isLessThan(5_000);
        assertThat(triggerState("job_history_housekeeping")).isEqualTo("PAUSED");
        assertThat(auditActors("job.paused", asked.id())).containsExactly(OPERATOR);
        var listed = DaemonNode.cli(settings, Map.of(), "jobs", "list", "--json");
        assertThat(listed.stdout()).containsPattern("\"id\":\"job_history_housekeeping\"[^}]*\"paused\":true");

        // AND a resume undoes it the same way
        OperatorCommand resumed = awaitFast(asOperator
                .submit(CommandKind.RESUME, "job_history_housekeeping", Map.of())
                .id());
        assertThat(resumed.state()).isEqualTo(CommandState.DONE);
        assertThat(triggerState("job_history_housekeeping")).isEqualTo("WAITING");
        assertThat(auditActors("job.resumed", resumed.id())).containsExactly(OPERATOR);
    }

    @Test
    void run_now_makes_a_manual_run_and_rerun_of_a_failed_run_repeats_its_parameters() {
        // WHEN an operator asks to run diag_tick now
        OperatorCommand runNow = await(
                asOperator.submit(CommandKind.RUN_NOW, "diag_tick", Map.of()).id());

        // THEN a MANUAL run of it happens
        assertThat(runNow.state()).isEqualTo(CommandState.DONE);
        Await.until(
                Duration.ofSeconds(30),
                () -> db.dsl().fetch("SELECT * FROM job_runs WHERE job_id = 'diag_tick'"),
                rows -> rows.stream()
                        .anyMatch(r -> "MANUAL".equals(r.get("trigger_kind")) && "SUCCEEDED".equals(r.get("status"))),
                "a MANUAL diag_tick run");

        // GIVEN a failed run with parameters
        long failed = insertedId("""
                        INSERT INTO job_runs (job_id, trigger_kind, status, started_at, finished_at, parameters, error)
                        VALUES ('diag_sleep', 'SCHEDULED', 'FAILED', now(), now(), '{"seconds": "1"}', 'boom')
                        RETURNING id""");

        // WHEN an operator reruns it
        OperatorCommand rerun = await(asOperator
                .submit(CommandKind.RERUN, Long.toString(failed), Map.of())
                .id());

        // THEN a MANUAL run of the same job with the same parameters succeeds, and the audit log says who
        assertThat(rerun.state()).as(rerun.toString()).isEqualTo(CommandState.DONE);
        Record again = Await.until(
                        Duration.ofSeconds(30),
                        () -> db.dsl()
                                .fetch(
                                        "SELECT * FROM job_runs WHERE job_id = 'diag_sleep' AND id <> ? ORDER BY id",
                                        failed),
                        rows -> rows.stream().anyMatch(r -> "SUCCEEDED".equals(r.get("status"))),
                        "the rerun")
                .getFirst();
        assertThat(again.get("trigger_kind")).isEqualTo("MANUAL");
        assertThat(again.get("parameters").toString()).contains("\"seconds\"").contains("\"1\"");
        assertThat(again.get("message")).isEqualTo("slept 1 s");
        assertThat(auditActors("job.rerun", rerun.id())).containsExactly(OPERATOR);

        // AND a rerun of a run that does not exist is refused before it is stored
        assertThatThrownBy(() -> asOperator.submit(CommandKind.RERUN, "999999999", Map.of()))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("no job run 999999999");
        assertThatThrownBy(() -> asOperator.submit(CommandKind.RUN_FOR_DATE, "kur_guncelleme_daily", Map.of()))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("date");
    }

    @Test
    void a_command_on_an_unknown_job_fails_with_an_outcome_naming_the_job_and_the_loop_goes_on() {
        OperatorCommand failed = await(
                asOperator.submit(CommandKind.PAUSE, "no_such_job", Map.of()).id());
        assertThat(failed.state()).isEqualTo(CommandState.FAILED);
        assertThat(failed.outcome()).hasValueSatisfying(o -> assertThat(o).contains("unknown job 'no_such_job'"));
        assertThat(auditActors("command.failed", failed.id())).containsExactly(OPERATOR);

        OperatorCommand noDate = await(asOperator
                .submit(CommandKind.RUN_FOR_DATE, "diag_tick", Map.of("date", "2024-01-31"))
                .id());
        assertThat(noDate.state()).isEqualTo(CommandState.FAILED);
        assertThat(noDate.outcome()).hasValueSatisfying(o -> assertThat(o).contains("diag_tick takes no date"));

        OperatorCommand next = await(
                asOperator.submit(CommandKind.RESUME, "diag_tick", Map.of()).id());
        assertThat(next.state()).isEqualTo(CommandState.DONE);
    }

    @Test
    void the_cli_submits_the_same_commands_with_the_database_user_as_requester() {
        var unknown = DaemonNode.cli(settings, Map.of(), "jobs", "pause", "no_such_job");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.errorLines()).hasSize(1).first().asString().startsWith("error: unknown job 'no_such_job'");

        var badDate = DaemonNode.cli(settings, Map.of(), "jobs", "trigger", "diag_tick", "--date", "13.03.2026");
        assertThat(badDate.exitCode()).isNotZero();
        assertThat(badDate.errorLines()).first().asString().startsWith("error: --date: '13.03.2026' is not a date");

        var pause = DaemonNode.cli(settings, Map.of(), "jobs", "pause", "audit_archive_daily");
        assertThat(pause.exitCode()).as(pause.stderr()).isZero();
        assertThat(pause.stdout().strip()).isEqualTo("audit_archive_daily paused");
        assertThat(triggerState("audit_archive_daily")).isEqualTo("PAUSED");
        var resume = DaemonNode.cli(settings, Map.of(), "jobs", "resume", "audit_archive_daily");
        assertThat(resume.exitCode()).as(resume.stderr()).isZero();
        assertThat(triggerState("audit_archive_daily")).isEqualTo("WAITING");

        List<Record> cli =
                db.dsl().fetch("SELECT * FROM operator_commands WHERE target = 'audit_archive_daily' ORDER BY id");
        assertThat(cli).extracting(r -> r.get("command")).containsExactly("PAUSE", "RESUME");
        assertThat(cli).allMatch(r -> settings.user().equals(r.get("requested_by")));
        assertThat(cli).allMatch(r -> "DONE".equals(r.get("state")));
        assertThat(db.dsl()
                        .fetchValue(
                                "SELECT count(*) FROM audit_events WHERE event_type IN ('job.paused', 'job.resumed')"
                                        + " AND details->>'job_id' = 'audit_archive_daily' AND user_id = ?",
                                settings.user()))
                .isEqualTo(2L);
    }

    @Test
    void scheduled_jobs_holds_the_daemons_catalog() {
        List<ScheduledJob> jobs = new ScheduledJobRepository(operatorDb.dsl(), Clock.systemUTC()).all();
        assertThat(jobs)
                .extracting(ScheduledJob::id)
                .contains("kur_guncelleme_daily", "audit_archive_daily", "job_history_housekeeping", "diag_sleep");
        ScheduledJob kur = jobs.stream()
                .filter(j -> j.id().equals("kur_guncelleme_daily"))
                .findFirst()
                .orElseThrow();
        assertThat(kur.takesDate()).isTrue();
        assertThat(kur.cron()).contains("0 0 16 ? * MON-FRI");
        assertThat(kur.timeZone()).isEqualTo("Europe/Istanbul");
        assertThat(kur.pool()).isEqualTo("LIGHT");
        ScheduledJob sleep = jobs.stream()
                .filter(j -> j.id().equals("diag_sleep"))
                .findFirst()
                .orElseThrow();
        assertThat(sleep.takesDate()).isFalse();
        assertThat(sleep.cron()).isEmpty();
    }

    @Test
    void job_runs_notifies_new_runs_and_status_or_progress_changes_but_not_heartbeats() throws SQLException {
        try (Connection listener = connect(VIEWER);
                Statement st = listener.createStatement()) {
            st.execute("LISTEN job_runs");
            PGConnection pg = listener.unwrap(PGConnection.class);
            long id = insertedId("INSERT INTO job_runs (job_id, trigger_kind, status, started_at) "
                    + "VALUES ('diag_notify', 'MANUAL', 'RUNNING', now()) RETURNING id");
            assertThat(next(pg)).contains("\"id\" : " + id).contains("\"status\" : \"RUNNING\"");

            db.dsl().execute("UPDATE job_runs SET heartbeat_at = now() WHERE id = ?", id);
            db.dsl().execute("UPDATE job_runs SET progress_current = 5, progress_total = 10 WHERE id = ?", id);
            String progress = next(pg);
            assertThat(progress).contains("\"progress_current\" : 5").contains("\"progress_total\" : 10");

            db.dsl().execute("UPDATE job_runs SET status = 'SUCCEEDED', finished_at = now() WHERE id = ?", id);
            assertThat(next(pg)).contains("\"job_id\" : \"diag_notify\"").contains("\"status\" : \"SUCCEEDED\"");
            assertThat(ours(pg.getNotifications(300))).as("nothing more").isEmpty();
        }
    }

    @Test
    void a_command_given_while_no_daemon_runs_waits_and_is_carried_out_when_one_starts() {
        ConnectionSettings own = TestPostgres.newDatabase();
        try (Database ownDb = Database.connect(own, "own", 2)) {
            OperatorCommands commands = new OperatorCommands(ownDb.dsl());
            OperatorCommand asked = commands.submit(CommandKind.PAUSE, "job_history_housekeeping", Map.of());
            DaemonNode.sleep(1_500);
            assertThat(commands.find(asked.id()).orElseThrow().state()).isEqualTo(CommandState.WAITING);

            try (DaemonNode node = DaemonNode.start(own, "node-late", Map.of())) {
                OperatorCommand done = Await.until(
                        OUTCOME,
                        () -> commands.find(asked.id()).orElseThrow(),
                        c -> c.state().finished(),
                        "the waiting command carried out");
                assertThat(done.state()).as(done.toString()).isEqualTo(CommandState.DONE);
                assertThat(done.handledBy()).contains("node-late");
                assertThat(ownDb.dsl()
                                .fetchValue(
                                        "SELECT trigger_state FROM qrtz_triggers WHERE trigger_name = ?",
                                        "job_history_housekeeping"))
                        .isEqualTo("PAUSED");
            }
        } finally {
            TestPostgres.drop(own);
        }
    }

    // --- helpers

    private OperatorCommand await(long id) {
        return Await.until(
                OUTCOME,
                () -> asOperator.find(id).orElseThrow(),
                c -> c.state().finished(),
                "operator command " + id + " carried out");
    }

    /** Polls every 5 ms: the latency is measured on it. */
    private OperatorCommand awaitFast(long id) {
        long deadline = System.nanoTime() + OUTCOME.toNanos();
        while (true) {
            OperatorCommand c = asOperator.find(id).orElseThrow();
            if (c.state().finished() || System.nanoTime() > deadline) {
                return c;
            }
            DaemonNode.sleep(5);
        }
    }

    private String triggerState(String jobId) {
        return db.dsl()
                .fetchValue(
                        "SELECT trigger_state FROM qrtz_triggers WHERE trigger_name = ? AND trigger_group = 'schedule'",
                        jobId)
                .toString();
    }

    private List<String> auditActors(String eventType, long commandId) {
        return db.dsl()
                .fetch(
                        "SELECT user_id FROM audit_events WHERE event_type = ? AND (details->>'command_id')::bigint = ?",
                        eventType,
                        commandId)
                .map(r -> (String) r.get(0));
    }

    private long insertedId(String sql) {
        return ((Number) db.dsl().fetchValue(sql)).longValue();
    }

    /** The next notification about the test's own run (the daemon's housekeeping may run meanwhile). */
    private static String next(PGConnection pg) throws SQLException {
        List<String> payloads = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (payloads.isEmpty() && System.nanoTime() < deadline) {
            payloads.addAll(ours(pg.getNotifications(500)));
        }
        assertThat(payloads).as("one notification per change, within 5 s").hasSize(1);
        return payloads.getFirst();
    }

    private static List<String> ours(PGNotification[] got) {
        return got == null
                ? List.of()
                : Arrays.stream(got)
                        .map(PGNotification::getParameter)
                        .filter(p -> p.contains("diag_notify"))
                        .toList();
    }

    private ConnectionSettings as(String role) {
        return new ConnectionSettings(settings.jdbcUrl(), role, Optional.empty());
    }

    private Connection connect(String role) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), role, "");
    }
}
