package com.aliaport.ops.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.operatorcommand.CommandKind;
import com.aliaport.ops.operatorcommand.CommandState;
import com.aliaport.ops.operatorcommand.OperatorCommand;
import com.aliaport.ops.operatorcommand.OperatorCommands;
import com.aliaport.ops.testsupport.TestPostgres;
import com.aliaport.ops.testsupport.TestRedis;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * The report desk's actions end to end: CANCEL_REPORT and REQUEUE_REPORT inserted by an operator's login and
 * carried out by a real daemon process (one worker slot) through its report queue, the roles enforced by
 * PostgreSQL, and the CLI's {@code reports list|cancel|requeue}. Tasks are put in the states the queue leaves them
 * in by SQL: pending with a retry due in an hour (so no worker takes it), dead-lettered after four failed attempts,
 * succeeded.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportDeskIT {
    private static final String SUFFIX = Long.toString(ProcessHandle.current().pid());
    private static final String OPERATOR = "it_desk_operator_" + SUFFIX;
    private static final String VIEWER = "it_desk_viewer_" + SUFFIX;
    private static final Duration OUTCOME = Duration.ofSeconds(15);
    private static final String MARCH = "{\"date_from\": \"2026-03-01\", \"date_to\": \"2026-03-31\"}";

    private ConnectionSettings settings;
    private Database db;
    private DaemonNode daemon;
    private Database operatorDb;
    private OperatorCommands asOperator;
    /** A Redis database of this class's own, so no other test's workers read its streams. */
    private final Map<String, String> redis =
            Map.of("ALIAPORT_REDIS_URL", TestRedis.uri().toString().replaceFirst("/\\d+$", "") + "/13");

    @BeforeAll
    void one_database_one_daemon_with_a_worker_and_two_login_roles() {
        settings = TestPostgres.newDatabase();
        db = Database.connect(settings, "test", 4);
        TestPostgres.admin("DROP ROLE IF EXISTS " + OPERATOR);
        TestPostgres.admin("DROP ROLE IF EXISTS " + VIEWER);
        TestPostgres.admin("CREATE ROLE " + OPERATOR + " LOGIN IN ROLE aliaport_operator");
        TestPostgres.admin("CREATE ROLE " + VIEWER + " LOGIN IN ROLE aliaport_viewer");
        java.util.HashMap<String, String> env = new java.util.HashMap<>(redis);
        env.put("ALIAPORT_WORKERS", "1");
        daemon = DaemonNode.start(settings, "node-desk", env);
        operatorDb = Database.connect(new ConnectionSettings(settings.jdbcUrl(), OPERATOR, Optional.empty()), "op", 2);
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

    /** Pending, but its next attempt is due only in an hour (a retry's backoff): no worker takes it meanwhile. */
    private UUID pendingTask(String user) {
        UUID id = UUID.randomUUID();
        db.dsl()
                .execute(
                        "INSERT INTO report_tasks (id, task_type, requested_by, parameters, state, not_before)"
                                + " VALUES (?, 'barinma', ?, ?::jsonb, 'PENDING', now() + interval '1 hour')",
                        id,
                        user,
                        MARCH);
        return id;
    }

    /** As the queue leaves a task whose four attempts all failed. */
    private UUID deadLetteredTask(String user) {
        UUID id = UUID.randomUUID();
        db.dsl()
                .execute(
                        "INSERT INTO report_tasks (id, task_type, requested_by, parameters, state, attempts,"
                                + " dead_lettered, error, started_at, finished_at)"
                                + " VALUES (?, 'barinma', ?, ?::jsonb, 'FAILURE', 4, TRUE,"
                                + " 'database connection reset', now(), now())",
                        id,
                        user,
                        MARCH);
        return id;
    }

    private UUID succeededTask(String user) {
        UUID id = UUID.randomUUID();
        db.dsl()
                .execute(
                        "INSERT INTO report_tasks (id, task_type, requested_by, parameters, state, attempts,"
                                + " started_at, finished_at) VALUES (?, 'manifest', ?, '{\"manifest_id\": \"1\"}'::jsonb,"
                                + " 'SUCCESS', 1, now(), now())",
                        id,
                        user);
        return id;
    }

    private String state(UUID task) {
        return db.dsl()
                .fetchValue("SELECT state FROM report_tasks WHERE id = ?", task)
                .toString();
    }

    private OperatorCommand await(long id) {
        return Await.until(
                OUTCOME,
                () -> asOperator.find(id).orElseThrow(),
                c -> c.state().finished(),
                "operator command " + id + " carried out");
    }

    private List<String> auditActors(String event, UUID task) {
        return db.dsl()
                .fetch(
                        "SELECT user_id FROM audit_events WHERE event_type = ? AND details->>'task_id' = ?",
                        event,
                        task.toString())
                .getValues(0, String.class);
    }

    @Test
    void a_viewer_may_not_insert_either_report_command_an_operator_may() throws SQLException {
        UUID task = pendingTask("viewer.target");
        try (Connection viewer = DriverManager.getConnection(settings.jdbcUrl(), VIEWER, "");
                Statement st = viewer.createStatement()) {
            st.executeQuery("SELECT count(*) FROM report_tasks").close();
            for (String kind : List.of("CANCEL_REPORT", "REQUEUE_REPORT")) {
                assertThatThrownBy(() -> st.executeUpdate("INSERT INTO operator_commands (command, target) VALUES ('"
                                + kind + "', '" + task + "')"))
                        .as(kind)
                        .isInstanceOf(PSQLException.class)
                        .extracting(e -> ((PSQLException) e).getSQLState())
                        .isEqualTo("42501");
            }
        }
        try (Connection operator = DriverManager.getConnection(settings.jdbcUrl(), OPERATOR, "");
                Statement st = operator.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE report_tasks SET state = 'CANCELLED'"))
                    .extracting(e -> ((PSQLException) e).getSQLState())
                    .isEqualTo("42501");
        }
        assertThat(state(task)).isEqualTo("PENDING");
    }

    @Test
    void an_operators_cancel_of_a_pending_task_is_carried_out_by_the_daemon_and_audited() {
        UUID task = pendingTask("ayse.web");

        OperatorCommand done = await(asOperator
                .submit(CommandKind.CANCEL_REPORT, task.toString(), Map.of())
                .id());

        assertThat(done.state()).as(done.toString()).isEqualTo(CommandState.DONE);
        assertThat(done.handledBy()).contains("node-desk");
        assertThat(done.outcome()).get().asString().contains("cancelled");
        assertThat(state(task)).isEqualTo("CANCELLED");
        assertThat(auditActors("report.cancelled", task)).containsExactly(OPERATOR);
    }

    @Test
    void an_operators_requeue_of_a_dead_lettered_task_runs_it_again_to_success() {
        UUID task = deadLetteredTask("bora.web");

        OperatorCommand done = await(asOperator
                .submit(CommandKind.REQUEUE_REPORT, task.toString(), Map.of())
                .id());

        assertThat(done.state()).as(done.toString()).isEqualTo(CommandState.DONE);
        assertThat(done.outcome()).get().asString().contains("requeued");
        assertThat(auditActors("report.requeued", task)).containsExactly(OPERATOR);
        String end = Await.until(
                Duration.ofSeconds(60),
                () -> state(task),
                s -> s.equals("SUCCESS") || s.equals("FAILURE"),
                "requeued task " + task + " ends");
        assertThat(end).isEqualTo("SUCCESS");
        assertThat(db.dsl().fetchValue("SELECT dead_lettered FROM report_tasks WHERE id = ?", task))
                .isEqualTo(false);
        assertThat(db.dsl()
                        .fetchValue(
                                "SELECT count(*) FROM report_task_attempts WHERE task_id = ? AND outcome = 'SUCCESS'",
                                task))
                .isEqualTo(1L);
    }

    @Test
    void requeue_of_a_task_that_is_not_dead_lettered_fails_with_an_outcome_saying_so() {
        UUID task = succeededTask("cem.web");

        OperatorCommand done = await(asOperator
                .submit(CommandKind.REQUEUE_REPORT, task.toString(), Map.of())
                .id());

        assertThat(done.state()).isEqualTo(CommandState.FAILED);
        assertThat(done.outcome())
                .contains("REQUEUE_REPORT: report task " + task
                        + " (manifest, SUCCESS) is not dead-lettered; only a dead-lettered task can be requeued");
        assertThat(state(task)).isEqualTo("SUCCESS");
        assertThat(db.dsl()
                        .fetchValue(
                                "SELECT count(*) FROM audit_events WHERE event_type = 'command.failed'"
                                        + " AND details->>'task_id' = ?",
                                task.toString()))
                .isEqualTo(1L);
    }

    @Test
    void the_cli_lists_cancels_and_requeues_with_the_documented_exit_codes() {
        UUID pending = pendingTask("cli.pending");
        UUID dead = deadLetteredTask("cli.dead");
        UUID done = succeededTask("cli.done");

        var json = DaemonNode.cli(settings, redis, "reports", "list", "--json");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        assertThat(json.stdout())
                .contains("\"id\":\"" + pending + "\"")
                .contains("\"id\":\"" + dead + "\"")
                .containsPattern("\"id\":\"" + dead
                        + "\",\"type\":\"barinma\",\"requested_by\":\"cli.dead\",\"parameters\":\\{[^}]*},"
                        + "\"state\":\"FAILURE\"[^}]*\"dead_lettered\":true");
        var deadOnly = DaemonNode.cli(settings, redis, "reports", "list", "--dead", "--user", "cli.dead");
        assertThat(deadOnly.exitCode()).isZero();
        assertThat(deadOnly.stdout()).contains(dead.toString()).doesNotContain(pending.toString());
        assertThat(deadOnly.stdout().lines().filter(l -> l.contains("cli.dead")))
                .hasSize(1);
        var byState = DaemonNode.cli(settings, redis, "reports", "list", "--state", "success", "--type", "manifest");
        assertThat(byState.stdout()).contains(done.toString()).doesNotContain(dead.toString());

        var badState = DaemonNode.cli(settings, redis, "reports", "list", "--state", "DONE");
        assertThat(badState.exitCode()).isEqualTo(2);
        assertThat(badState.errorLines()).singleElement().asString().startsWith("error: --state: 'DONE'");
        var notUuid = DaemonNode.cli(settings, redis, "reports", "cancel", "42");
        assertThat(notUuid.exitCode()).isEqualTo(2);
        assertThat(notUuid.errorLines()).singleElement().asString().startsWith("error: ");

        UUID nobody = UUID.randomUUID();
        var unknown = DaemonNode.cli(settings, redis, "reports", "cancel", nobody.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.errorLines()).containsExactly("error: CANCEL_REPORT: there is no report task " + nobody);

        var notDead = DaemonNode.cli(settings, redis, "reports", "requeue", done.toString());
        assertThat(notDead.exitCode()).isEqualTo(1);
        assertThat(notDead.errorLines()).singleElement().asString().contains("is not dead-lettered");

        var cancel = DaemonNode.cli(settings, redis, "reports", "cancel", pending.toString());
        assertThat(cancel.exitCode()).as(cancel.stderr()).isZero();
        assertThat(cancel.stdout()).contains(pending + " (barinma of cli.pending) cancelled");
        assertThat(state(pending)).isEqualTo("CANCELLED");

        var requeue = DaemonNode.cli(settings, redis, "reports", "requeue", dead.toString());
        assertThat(requeue.exitCode()).as(requeue.stderr()).isZero();
        assertThat(requeue.stdout()).contains("requeued");
        String end = Await.until(
                Duration.ofSeconds(60),
                () -> state(dead),
                s -> s.equals("SUCCESS") || s.equals("FAILURE"),
                "requeued task " + dead + " ends");
        assertThat(end).isEqualTo("SUCCESS");
        // The CLI's commands name the database user, as the console's do
        assertThat(auditActors("report.cancelled", pending)).containsExactly(settings.user());
    }
}
