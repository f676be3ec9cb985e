package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.config.Secret;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkSigner;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.aliaport.ops.testsupport.reports.ReportQueueFixture;
import com.aliaport.ops.testsupport.reports.TestReports;
import com.aliaport.ops.testsupport.reports.WorkerProcessMain;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker nodes in separate JVMs killed with SIGKILL again and again while they run reports: every task still
 * ends SUCCESS exactly once with exactly one file. (Celery without acks_late loses these tasks; with it, runs
 * them again after a visibility timeout with no guard against a late result.)
 */
@Tag("fault")
@ExtendWith(PostgresExtension.class)
class WorkerCrashIT {
    private static final int TASKS = 300;
    private static final int NODES = 3;
    private static final int KILLS = 15;

    @TempDir
    Path dir;

    @Test
    void killing_worker_processes_mid_report_over_hundreds_of_tasks_loses_nothing_and_duplicates_nothing(
            Database db, ConnectionSettings settings) throws Exception {
        FolderReportStorage storage = new FolderReportStorage(
                dir.resolve("files"),
                URI.create("http://127.0.0.1:8080"),
                new LinkSigner(new Secret("0123456789abcdef0123")),
                Clock.systemUTC());
        try (ReportQueueFixture fixture = new ReportQueueFixture(
                db, ReportQueueFixture.fast(), storage, List.of(TestReports.xlsx("barinma")), dir.resolve("scratch"))) {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                ids.add(fixture.service
                        .submit(new ReportQueueService.SubmitRequest(
                                "barinma",
                                Map.of(
                                        "date_from",
                                        "2026-03-01",
                                        "date_to",
                                        "2026-03-31",
                                        "rows",
                                        10,
                                        "row_ms",
                                        30,
                                        "key",
                                        "t" + i),
                                "u" + (i % 7),
                                Optional.empty()))
                        .task()
                        .id());
            }
            Node[] nodes = new Node[NODES];
            for (int n = 0; n < NODES; n++) {
                nodes[n] = startNode(settings, fixture.prefix, n, 0);
            }
            Random random = new Random(42);
            int kills = 0;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            try {
                while (fixture.tasks.openCount() > 0 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(1_000 + random.nextInt(1_500));
                    int victim = random.nextInt(NODES);
                    // Kill only a node that is up and working (JVM start-up is slow on a loaded machine),
                    // and stop killing after the budget so that the run ends.
                    if (kills < KILLS && nodes[victim].working()) {
                        nodes[victim].process().destroyForcibly().waitFor();
                        kills++;
                        nodes[victim] = startNode(settings, fixture.prefix, victim, kills);
                    }
                }
            } finally {
                for (Node node : nodes) {
                    node.process().destroyForcibly().waitFor();
                }
            }

            assertThat(kills).isGreaterThanOrEqualTo(5);
            long lost = 0;
            for (UUID id : ids) {
                ReportTask t = fixture.tasks.find(id).orElseThrow();
                assertThat(t.state()).as("task %s", id).isEqualTo(ReportState.SUCCESS);
                List<ReportTaskRepository.Attempt> attempts = fixture.tasks.attempts(id);
                assertThat(attempts)
                        .as("attempts of %s", id)
                        .filteredOn(a -> a.outcome().equals(Optional.of("SUCCESS")))
                        .hasSize(1);
                lost += attempts.stream()
                        .filter(a -> a.outcome().equals(Optional.of("LOST")))
                        .count();
            }
            // The kills did hit running reports, and those were taken over.
            assertThat(lost).isPositive();
            Set<String> keys = ids.stream()
                    .map(id -> fixture.tasks.find(id).orElseThrow().storageKey().orElseThrow())
                    .collect(Collectors.toSet());
            List<String> files = files(dir.resolve("files"));
            assertThat(files).hasSize(TASKS).containsExactlyInAnyOrderElementsOf(keys);
            System.out.printf(
                    "crash test: %d kills, %d lost leases taken over, %d tasks SUCCESS once%n", kills, lost, TASKS);
        }
    }

    /** A worker JVM and its log; working once it said ready and a second has passed. */
    private record Node(Process process, Path log, Instant started) {
        boolean working() throws IOException {
            return Files.exists(log)
                    && Files.readString(log).contains("ready")
                    && Instant.now().isAfter(started.plusSeconds(1));
        }
    }

    private Node startNode(ConnectionSettings settings, String prefix, int n, int generation) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path logs = Path.of("target", "crash-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve("node-" + n + "-" + generation + ".log");
        Files.deleteIfExists(log);
        return new Node(
                new ProcessBuilder(
                                java,
                                "-Xmx256m",
                                "-XX:TieredStopAtLevel=1",
                                "--enable-native-access=ALL-UNNAMED",
                                "-cp",
                                System.getProperty("java.class.path"),
                                WorkerProcessMain.class.getName(),
                                settings.jdbcUrl(),
                                settings.user(),
                                ReportQueueFixture.redisUri().toString(),
                                prefix,
                                dir.toString(),
                                "node-" + n,
                                "2",
                                "8")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start(),
                log,
                Instant.now());
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root.resolve("reports"))) {
            return all.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .toList();
        }
    }
}
