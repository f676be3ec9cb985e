package com.aliaport.ops.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.Await;
import com.aliaport.ops.daemon.testsupport.DaemonNode;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jooq.Record;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code max_instances=1} across processes: a daemon firing a job and a CLI running it in-process ({@code jobs
 * run}) meet the same run guard, whichever starts first; a killed CLI run blocks nothing.
 */
@Tag("cluster")
@ExtendWith(com.aliaport.ops.testsupport.PostgresExtension.class)
class RunGuardIT {
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static List<Record> runs(Database db) {
        return db.dsl().fetch("SELECT * FROM job_runs WHERE job_id = 'diag_sleep' ORDER BY id");
    }

    private static Record awaitRunning(Database db, String node) {
        return Await.until(
                        Duration.ofSeconds(40),
                        () -> runs(db),
                        r -> r.stream()
                                .anyMatch(x -> "RUNNING".equals(x.get("status")) && node.equals(x.get("node_id"))),
                        "a RUNNING diag_sleep row of " + node)
                .stream()
                .filter(x -> "RUNNING".equals(x.get("status")))
                .findFirst()
                .orElseThrow();
    }

    /** {@code jobs run diag_sleep} from the jar in a process of its own (node id {@code cli}), not waited for. */
    private static Process startCliRun(ConnectionSettings settings, Map<String, String> extra, Path out) {
        try {
            ProcessBuilder pb = new ProcessBuilder(
                    JAVA,
                    "--enable-native-access=ALL-UNNAMED",
                    "-jar",
                    DaemonNode.jar().toString(),
                    "jobs",
                    "run",
                    "diag_sleep");
            pb.environment().clear();
            Map<String, String> more = new java.util.HashMap<>(extra);
            more.put("ALIAPORT_HOME", Files.createTempDirectory("cli-run").toString());
            pb.environment().putAll(DaemonNode.environment(settings, "cli", more));
            pb.redirectErrorStream(true).redirectOutput(out.toFile());
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void jobs_run_from_the_cli_is_refused_while_the_cluster_runs_the_job(ConnectionSettings settings, Database db) {
        // A minute's sleep: far longer than a CLI process takes to start on a busy machine.
        Map<String, String> env = Map.of("ALIAPORT_DIAG_SLEEP_SECONDS", "60");
        try (DaemonNode a = DaemonNode.start(settings, "node-a", env)) {
            // GIVEN the cluster running diag_sleep on node-a
            assertThat(DaemonNode.cli(settings, env, "jobs", "trigger", "diag_sleep")
                            .exitCode())
                    .isZero();
            Record running = awaitRunning(db, "node-a");

            // WHEN an operator runs the same job in a CLI process
            var cli = DaemonNode.cli(settings, env, "jobs", "run", "diag_sleep");

            // THEN the CLI's start is refused and recorded SKIPPED, naming the run under way, which goes on alone
            assertThat(cli.exitCode()).as(cli.stderr()).isZero();
            assertThat(cli.stdout())
                    .containsPattern("diag_sleep run \\d+ SKIPPED: not started: run " + running.get("id")
                            + " of diag_sleep is still running on node-a");
            List<Record> rows = runs(db);
            assertThat(rows).extracting(r -> r.get("status")).containsExactly("RUNNING", "SKIPPED");
            assertThat(rows.get(1).get("node_id")).isEqualTo("cli");
            assertThat(rows.get(1).get("trigger_kind")).isEqualTo("MANUAL");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void a_cluster_firing_is_refused_while_a_cli_run_of_the_job_is_under_way(ConnectionSettings settings, Database db)
            throws Exception {
        Map<String, String> env = Map.of("ALIAPORT_DIAG_SLEEP_SECONDS", "15");
        Path out = Files.createTempFile("cli-run", ".txt");
        try (DaemonNode a = DaemonNode.start(settings, "node-a", env)) {
            // GIVEN diag_sleep running in a CLI process
            Process cliRun = startCliRun(settings, env, out);
            try {
                Record running = awaitRunning(db, "cli");

                // WHEN the cluster is asked to run it too (an operator command, fired by node-a through Quartz)
                assertThat(DaemonNode.cli(settings, env, "jobs", "trigger", "diag_sleep")
                                .exitCode())
                        .isZero();

                // THEN node-a records its firing SKIPPED, naming the CLI's run, and does not run it
                Record refused = Await.until(
                                Duration.ofSeconds(30),
                                () -> runs(db),
                                r -> r.stream().anyMatch(x -> "SKIPPED".equals(x.get("status"))),
                                "node-a's refused firing")
                        .stream()
                        .filter(x -> "SKIPPED".equals(x.get("status")))
                        .findFirst()
                        .orElseThrow();
                assertThat(refused.get("node_id")).isEqualTo("node-a");
                assertThat((String) refused.get("message"))
                        .isEqualTo("not started: run " + running.get("id")
                                + " of diag_sleep is still running on cli; one run of a job at a time");
                assertThat(cliRun.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(cliRun.exitValue()).as(Files.readString(out)).isZero();
                assertThat(Files.readString(out)).contains("diag_sleep run " + running.get("id") + " SUCCEEDED");
                assertThat(runs(db)).extracting(r -> r.get("status")).containsExactly("SUCCEEDED", "SKIPPED");
            } finally {
                cliRun.destroyForcibly();
            }
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void a_cli_run_killed_mid_job_does_not_block_the_next_run_which_closes_its_row(
            ConnectionSettings settings, Database db) throws Exception {
        // GIVEN a CLI process running diag_sleep for a minute, killed with -9 mid-run
        Path out = Files.createTempFile("cli-run", ".txt");
        Process cliRun = startCliRun(settings, Map.of("ALIAPORT_DIAG_SLEEP_SECONDS", "60"), out);
        Record running;
        try {
            running = awaitRunning(db, "cli");
        } finally {
            cliRun.destroyForcibly();
        }
        assertThat(cliRun.waitFor(10, TimeUnit.SECONDS)).isTrue();

        // WHEN the job is run again
        var again = DaemonNode.cli(settings, Map.of("ALIAPORT_DIAG_SLEEP_SECONDS", "1"), "jobs", "run", "diag_sleep");

        // THEN it runs at once, and the dead run's RUNNING row is closed as FAILED
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(again.stdout()).containsPattern("diag_sleep run \\d+ SUCCEEDED: slept 1 s");
        Record dead = db.dsl().fetchOne("SELECT * FROM job_runs WHERE id = ?", running.get("id"));
        assertThat(dead.get("status")).isEqualTo("FAILED");
        assertThat((String) dead.get("error")).contains("its process ended without recording an end");
    }
}
