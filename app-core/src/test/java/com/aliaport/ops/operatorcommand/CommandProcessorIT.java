package com.aliaport.ops.operatorcommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.auditlog.AuditLog;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The processor against real PostgreSQL with a recording {@link JobControl} in place of Quartz. */
@ExtendWith(PostgresExtension.class)
class CommandProcessorIT {

    /** Knows the jobs {@code a} and {@code dated} (which takes a date); records every action. */
    static final class RecordingControl implements JobControl {
        final List<String> actions = new CopyOnWriteArrayList<>();

        private void known(String jobId) {
            if (!Set.of("a", "dated").contains(jobId)) {
                throw new IllegalArgumentException("unknown job '" + jobId + "'");
            }
        }

        @Override
        public void pause(String jobId) {
            known(jobId);
            actions.add("pause " + jobId);
        }

        @Override
        public void resume(String jobId) {
            known(jobId);
            actions.add("resume " + jobId);
        }

        @Override
        public void trigger(String jobId, Map<String, String> parameters) {
            known(jobId);
            actions.add("trigger " + jobId + " " + parameters);
        }

        @Override
        public boolean takesDate(String jobId) {
            known(jobId);
            return jobId.equals("dated");
        }
    }

    private static CommandProcessor processor(Database db, JobControl control, String handler) {
        return new CommandProcessor(new CommandProcessor.Wiring(
                db.dsl(),
                new OperatorCommands(db.dsl()),
                control,
                new JobRunRepository(db.dsl()),
                new AuditLog(db.dsl(), Clock.systemUTC()),
                handler,
                Clock.systemUTC()));
    }

    @Test
    void two_nodes_racing_over_the_same_commands_carry_out_each_exactly_once(Database db) throws Exception {
        // GIVEN 40 waiting commands
        OperatorCommands commands = new OperatorCommands(db.dsl());
        for (int i = 0; i < 40; i++) {
            commands.submit(CommandKind.PAUSE, "a", Map.of());
        }
        RecordingControl control = new RecordingControl();

        // WHEN two processors drain at once
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (String node : List.of("n1", "n2")) {
                done.add(pool.submit(() -> processor(db, control, node).processWaiting()));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            // THEN every command ran once, all DONE, and each has its audit event
            assertThat(total).isEqualTo(40);
        }
        assertThat(control.actions).hasSize(40);
        assertThat(commands.recent(100)).hasSize(40).allMatch(c -> c.state() == CommandState.DONE);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM audit_events WHERE event_type = 'job.paused'"))
                .isEqualTo(40L);
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM audit_events WHERE event_type = 'command.requested'"))
                .isEqualTo(40L);
    }

    @Test
    void run_for_a_date_passes_the_date_and_is_refused_for_a_job_that_takes_none(Database db) {
        OperatorCommands commands = new OperatorCommands(db.dsl());
        RecordingControl control = new RecordingControl();
        CommandProcessor p = processor(db, control, "n1");

        OperatorCommand dated = p.process(
                commands.submit(CommandKind.RUN_FOR_DATE, "dated", Map.of("date", "2024-01-31"))
                        .id(),
                Duration.ZERO);
        OperatorCommand undated = p.process(
                commands.submit(CommandKind.RUN_FOR_DATE, "a", Map.of("date", "2024-01-31"))
                        .id(),
                Duration.ZERO);
        OperatorCommand unknown =
                p.process(commands.submit(CommandKind.RUN_NOW, "nope", Map.of()).id(), Duration.ZERO);

        assertThat(dated.state()).isEqualTo(CommandState.DONE);
        assertThat(dated.handledBy()).contains("n1");
        assertThat(control.actions).containsExactly("trigger dated {date=2024-01-31}");
        assertThat(undated.state()).isEqualTo(CommandState.FAILED);
        assertThat(undated.outcome()).contains("a takes no date: use RUN_NOW");
        assertThat(unknown.state()).isEqualTo(CommandState.FAILED);
        assertThat(unknown.outcome()).contains("unknown job 'nope'");
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM audit_events WHERE event_type = 'command.failed'"))
                .isEqualTo(2L);
    }

    @Test
    void a_command_claimed_elsewhere_is_awaited_not_carried_out_twice(Database db) {
        OperatorCommands commands = new OperatorCommands(db.dsl());
        OperatorCommand asked = commands.submit(CommandKind.RESUME, "a", Map.of());
        // GIVEN another node claimed it and is still at it
        assertThat(commands.claim(asked.id(), "other", Clock.systemUTC().instant()))
                .isPresent();
        RecordingControl control = new RecordingControl();

        // WHEN the CLI tries to carry it out THEN it does not act, and reports the command as it stands
        OperatorCommand seen = processor(db, control, "cli@x").process(asked.id(), Duration.ofMillis(200));
        assertThat(seen.state()).isEqualTo(CommandState.RUNNING);
        assertThat(seen.handledBy()).contains("other");
        assertThat(control.actions).isEmpty();
    }

    @Test
    void a_command_left_running_by_a_dead_node_is_failed_with_an_audit_event(Database db) {
        OperatorCommands commands = new OperatorCommands(db.dsl());
        OperatorCommand asked = commands.submit(CommandKind.PAUSE, "a", Map.of());
        commands.claim(asked.id(), "dead-node", Clock.systemUTC().instant().minus(Duration.ofMinutes(10)));

        int failed = processor(db, new RecordingControl(), "n1").failStale();

        assertThat(failed).isEqualTo(1);
        OperatorCommand after = commands.find(asked.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(CommandState.FAILED);
        assertThat(after.outcome()).hasValueSatisfying(o -> assertThat(o).contains("stopped"));
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM audit_events WHERE event_type = 'command.failed'"))
                .isEqualTo(1L);
    }

    @Test
    void submit_refuses_what_cannot_be_carried_out_and_stores_nothing(Database db) {
        OperatorCommands commands = new OperatorCommands(db.dsl());
        assertThatThrownBy(() -> commands.submit(CommandKind.RUN_FOR_DATE, "dated", Map.of("date", "31.01.2024")))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("'31.01.2024' is not a date");
        assertThatThrownBy(() -> commands.submit(CommandKind.RERUN, "abc", Map.of()))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("job run id, not 'abc'");
        assertThatThrownBy(() -> commands.submit(CommandKind.PAUSE, " ", Map.of()))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("target");
        assertThat(commands.recent(10)).isEmpty();

        OperatorCommand ok = commands.submit(CommandKind.RUN_NOW, "a", Map.of("seconds", "3"));
        assertThat(ok.parameters()).containsExactly(Map.entry("seconds", "3"));
        assertThat(ok.requestedBy()).isEqualTo(db.dsl().fetchValue("SELECT session_user"));
        assertThat(commands.find(ok.id())).contains(ok);
    }
}
