package com.aliaport.ops.operatorcommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.auditlog.AuditLog;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import com.aliaport.ops.testsupport.reports.TestReports;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CANCEL_REPORT and REQUEUE_REPORT carried out by the processor through the real report queue (PostgreSQL,
 * Redis, worker slots), with a recording stand-in for Quartz.
 */
@ExtendWith(PostgresExtension.class)
class ReportCommandsIT {
    @TempDir
    Path dir;

    private ReportQueueFixture fixture;
    private Database db;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private CommandProcessor processor(Database db, ReportControl reports) {
        return new CommandProcessor(new CommandProcessor.Wiring(
                db.dsl(),
                new OperatorCommands(db.dsl()),
                new CommandProcessorIT.RecordingControl(),
                reports,
                new JobRunRepository(db.dsl()),
                new AuditLog(db.dsl(), Clock.systemUTC()),
                "n1",
                Clock.systemUTC()));
    }

    private CommandProcessor processor(Database db) {
        this.db = db;
        fixture = ReportQueueFixture.inFolder(
                db, ReportQueueFixture.fast(), dir, List.of(TestReports.xlsx("barinma"), TestReports.flaky("flaky")));
        return processor(db, ReportControl.of(fixture.service));
    }

    private ReportTask submit(String type, Object... kv) {
        Map<String, Object> p = new HashMap<>(Map.of("date_from", "2026-03-01", "date_to", "2026-03-31"));
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return fixture.service
                .submit(new ReportQueueService.SubmitRequest(type, p, "ayse.web", Optional.empty()))
                .task();
    }

    private OperatorCommand run(CommandProcessor p, CommandKind kind, UUID task) {
        return p.process(
                new OperatorCommands(db.dsl())
                        .submit(kind, task.toString(), Map.of())
                        .id(),
                Duration.ZERO);
    }

    @Test
    void cancel_report_cancels_a_pending_task_and_audits_it_with_the_requester(Database db) {
        CommandProcessor p = processor(db);
        // GIVEN a pending task (no worker runs)
        ReportTask task = submit("barinma");

        // WHEN an operator's CANCEL_REPORT is carried out
        OperatorCommand done = run(p, CommandKind.CANCEL_REPORT, task.id());

        // THEN the task is CANCELLED, the command DONE, and the audit log says who cancelled what
        assertThat(done.state()).isEqualTo(CommandState.DONE);
        assertThat(done.outcome())
                .get()
                .asString()
                .contains(task.id().toString())
                .contains("cancelled");
        assertThat(fixture.service.find(task.id()).orElseThrow().state()).isEqualTo(ReportState.CANCELLED);
        var audit = db.dsl()
                .fetchOne("SELECT user_id, details->>'task_id' AS task_id, details->>'outcome' AS outcome"
                        + " FROM audit_events WHERE event_type = 'report.cancelled'");
        assertThat(audit.get("user_id", String.class)).isEqualTo(done.requestedBy());
        assertThat(audit.get("task_id", String.class)).isEqualTo(task.id().toString());

        // AND cancelling it again fails, naming the state
        OperatorCommand again = run(p, CommandKind.CANCEL_REPORT, task.id());
        assertThat(again.state()).isEqualTo(CommandState.FAILED);
        assertThat(again.outcome())
                .get()
                .asString()
                .contains("already finished")
                .contains("CANCELLED");
    }

    @Test
    void cancel_report_of_a_running_task_asks_its_worker_to_stop_and_the_task_ends_cancelled(Database db) {
        CommandProcessor p = processor(db);
        fixture.reconciler.start();
        fixture.startWorkers("node-a", 1);
        // GIVEN a report that takes 20 s, running
        ReportTask task = submit("barinma", "rows", 1000, "row_ms", 20);
        await(task.id(), t -> t.state().running(), Duration.ofSeconds(15));

        // WHEN an operator's CANCEL_REPORT is carried out
        OperatorCommand done = run(p, CommandKind.CANCEL_REPORT, task.id());

        // THEN the command says the worker was asked to stop, and the task is CANCELLED within seconds
        assertThat(done.state()).isEqualTo(CommandState.DONE);
        assertThat(done.outcome()).get().asString().contains("is running: its worker was asked to stop");
        ReportTask end = await(task.id(), t -> t.state().terminal(), Duration.ofSeconds(5));
        assertThat(end.state()).isEqualTo(ReportState.CANCELLED);
    }

    @Test
    void requeue_report_runs_a_dead_lettered_task_again_until_it_succeeds(Database db) {
        CommandProcessor p = processor(db);
        fixture.reconciler.start();
        fixture.startWorkers("node-a", 1);
        // GIVEN a task that failed all 4 attempts (the builder passes from the fifth on): dead-lettered
        ReportTask task = submit("flaky", "fail_times", 4, "key", "doomed");
        ReportTask dead = await(task.id(), t -> t.state().terminal(), Duration.ofSeconds(30));
        assertThat(dead.deadLettered()).isTrue();

        // WHEN an operator requeues it through the command channel
        OperatorCommand done = run(p, CommandKind.REQUEUE_REPORT, task.id());

        // THEN the command is DONE and audited, and the task runs again and succeeds
        assertThat(done.state()).isEqualTo(CommandState.DONE);
        assertThat(done.outcome()).get().asString().contains("requeued");
        ReportTask again = await(task.id(), t -> t.state().terminal(), Duration.ofSeconds(30));
        assertThat(again.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(again.deadLettered()).isFalse();
        assertThat(again.storageKey()).isPresent();
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM audit_events WHERE event_type = 'report.requeued'"))
                .isEqualTo(1L);

        // AND a second requeue of the now successful task fails: it is not dead-lettered
        OperatorCommand notDead = run(p, CommandKind.REQUEUE_REPORT, task.id());
        assertThat(notDead.state()).isEqualTo(CommandState.FAILED);
        assertThat(notDead.outcome())
                .get()
                .asString()
                .contains("not dead-lettered")
                .contains("SUCCESS");
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM audit_events WHERE event_type = 'command.failed'"))
                .isEqualTo(1L);
    }

    @Test
    void commands_on_an_unknown_or_pending_task_fail_with_an_outcome_and_a_bad_target_is_refused(Database db) {
        CommandProcessor p = processor(db);
        UUID nobody = UUID.randomUUID();
        ReportTask pending = submit("barinma");

        OperatorCommand unknown = run(p, CommandKind.CANCEL_REPORT, nobody);
        OperatorCommand pendingRequeue = run(p, CommandKind.REQUEUE_REPORT, pending.id());

        assertThat(unknown.state()).isEqualTo(CommandState.FAILED);
        assertThat(unknown.outcome()).get().asString().isEqualTo("CANCEL_REPORT: there is no report task " + nobody);
        assertThat(pendingRequeue.state()).isEqualTo(CommandState.FAILED);
        assertThat(pendingRequeue.outcome())
                .get()
                .asString()
                .contains("not dead-lettered")
                .contains("PENDING");
        assertThat(fixture.service.find(pending.id()).orElseThrow().state()).isEqualTo(ReportState.PENDING);
        assertThatThrownBy(() -> new OperatorCommands(db.dsl()).submit(CommandKind.REQUEUE_REPORT, "42", Map.of()))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("report task id (a UUID)");
    }

    @Test
    void a_processor_without_a_report_queue_leaves_report_commands_to_a_node_that_has_one(Database db) {
        CommandProcessor withQueue = processor(db);
        CommandProcessor without = processor(db, ReportControl.NONE);
        ReportTask pending = submit("barinma");
        OperatorCommands commands = new OperatorCommands(db.dsl());
        OperatorCommand cancel =
                commands.submit(CommandKind.CANCEL_REPORT, pending.id().toString(), Map.of());
        OperatorCommand pause = commands.submit(CommandKind.PAUSE, "a", Map.of());

        // WHEN the node without a queue sweeps THEN it takes the pause only
        assertThat(without.processWaiting()).isEqualTo(1);
        assertThat(commands.find(pause.id()).orElseThrow().state()).isEqualTo(CommandState.DONE);
        assertThat(commands.find(cancel.id()).orElseThrow().state()).isEqualTo(CommandState.WAITING);
        // AND the node with one carries out the cancel
        assertThat(withQueue.processWaiting()).isEqualTo(1);
        assertThat(commands.find(cancel.id()).orElseThrow().state()).isEqualTo(CommandState.DONE);
    }

    private ReportTask await(UUID id, Predicate<ReportTask> until, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        ReportTask t;
        do {
            t = fixture.service.find(id).orElseThrow();
            if (until.test(t)) {
                return t;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("task " + id + " still " + t.state() + " after " + timeout);
    }
}
