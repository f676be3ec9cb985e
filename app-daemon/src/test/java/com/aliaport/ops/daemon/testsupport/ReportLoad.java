package com.aliaport.ops.daemon.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.config.Secret;
import com.aliaport.ops.storage.FolderReportStorage;
import com.aliaport.ops.storage.LinkSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.DSLContext;

/**
 * Reports as users send them to the fault tests' daemons (HTTP, a bearer token per user, folder storage), and what
 * those tests assert afterwards from PostgreSQL, the truth: every task SUCCESS by exactly one attempt, with exactly
 * one stored file, and no file without its task.
 */
public final class ReportLoad {
    /** A barinma summary over a month: no data needed, so it is quick, and each one writes its own file. */
    public static final String BARINMA_MARCH = "{\"date_from\": \"2026-03-01\", \"date_to\": \"2026-03-31\"}";

    private final Path storage;
    private final List<String> users;
    private final Map<String, String> tokens;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code users}: the API users; each gets a token of its own. */
    public ReportLoad(Path storage, List<String> users) {
        this.storage = storage;
        this.users = List.copyOf(users);
        this.tokens = new HashMap<>();
        users.forEach(u -> tokens.put(u, "token-" + u + "-0123456789abcdef"));
    }

    public static ReportLoad inTempFolder(List<String> users) {
        try {
            return new ReportLoad(Files.createTempDirectory("fault-reports"), users);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path storage() {
        return storage;
    }

    /** What every daemon of the test needs: the tokens, folder storage, a rate limit that a burst does not hit. */
    public Map<String, String> daemonEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put(
                "ALIAPORT_API_TOKENS",
                String.join(
                        ",",
                        tokens.entrySet().stream()
                                .map(e -> e.getKey() + ":" + e.getValue())
                                .toList()));
        env.put("ALIAPORT_STORAGE", "file:" + storage);
        env.put("ALIAPORT_LINK_SECRET", "fault-tests-link-secret-0123456789");
        env.put("ALIAPORT_REPORT_RATE_PER_MINUTE", "10000");
        env.put("ALIAPORT_REPORT_RETRY_BACKOFF_SECONDS", "1");
        return env;
    }

    /** {@code n} month summaries to {@code node}, the users taking turns; fails when the daemon refuses one. */
    public List<UUID> submitMany(DaemonNode node, int n) {
        return submitMany(List.of(node), n);
    }

    /** As {@link #submitMany(DaemonNode, int)}, the nodes taking turns too. */
    public List<UUID> submitMany(List<DaemonNode> nodes, int n) {
        List<UUID> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(submit(nodes.get(i % nodes.size()), users.get(i % users.size()), "barinma", BARINMA_MARCH)
                    .orElseThrow(() -> new AssertionError("the daemon refused a report")));
        }
        return out;
    }

    /** POSTs one report as {@code user}; the task id when the daemon accepted it (202), else empty. */
    public Optional<UUID> submit(DaemonNode node, String user, String type, String body) {
        return submit(node, user, type, body, Optional.empty());
    }

    /**
     * As {@link #submit(DaemonNode, String, String, String)} with an {@code Idempotency-Key}: sent again (to any
     * node) after an answer that never came, it names the same task instead of adding one.
     */
    public Optional<UUID> submit(DaemonNode node, String user, String type, String body, Optional<String> key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + "/api/reports/" + type))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.get(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        key.ifPresent(k -> builder.header("Idempotency-Key", k));
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202 && r.statusCode() != 200) {
                return Optional.empty();
            }
            Map<?, ?> data = (Map<?, ?>) Json.read(r.body(), Map.class).get("data");
            return Optional.of(UUID.fromString(String.valueOf(data.get("task_id"))));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many of {@code ids} are not SUCCESS yet. */
    public static long unfinished(DSLContext dsl, Collection<UUID> ids) {
        return dsl.fetchOne(
                        "SELECT count(*) FROM report_tasks WHERE id = ANY(?::uuid[]) AND state <> 'SUCCESS'",
                        (Object) ids.stream().map(UUID::toString).toArray(String[]::new))
                .get(0, Long.class);
    }

    /** Waits until every task of {@code ids} is SUCCESS (a dead-lettered one fails at once). */
    public static void awaitAllSucceeded(DSLContext dsl, Collection<UUID> ids, Duration timeout) {
        Await.until(
                timeout,
                () -> dsl.fetch(
                                "SELECT state, count(*) n FROM report_tasks WHERE id = ANY(?::uuid[]) GROUP BY 1 ORDER BY 1",
                                (Object) ids.stream().map(UUID::toString).toArray(String[]::new))
                        .intoMap(r -> r.get(0, String.class), r -> r.get(1, Long.class)),
                states -> {
                    assertThat(states).as("no task may fail").doesNotContainKey("FAILURE");
                    return states.equals(Map.of("SUCCESS", (long) ids.size()));
                },
                ids.size() + " reports to succeed");
    }

    /**
     * Every task SUCCESS through exactly one attempt that ended SUCCESS, exactly one stored file each, and no
     * file in the storage folder that is not a task's.
     */
    public void assertEachSucceededOnceWithOneFile(DSLContext dsl, Collection<UUID> ids) {
        Object idArray = ids.stream().map(UUID::toString).toArray(String[]::new);
        var rows = dsl.fetch("""
                SELECT t.id, t.state, t.storage_key,
                       (SELECT count(*) FROM report_task_attempts a WHERE a.task_id = t.id AND a.outcome = 'SUCCESS') ok
                FROM report_tasks t WHERE t.id = ANY(?::uuid[])""", idArray);
        assertThat(rows).as("every submitted task is stored").hasSize(ids.size());
        for (var r : rows) {
            assertThat(r.get("state", String.class)).as("task %s", r.get("id")).isEqualTo("SUCCESS");
            assertThat(r.get("ok", Long.class))
                    .as("attempts of task %s that ended SUCCESS", r.get("id"))
                    .isEqualTo(1L);
            String key = r.get("storage_key", String.class);
            assertThat(key).as("file of task %s", r.get("id")).isNotBlank();
            assertThat(storage.resolve(key)).as("file of task %s", r.get("id")).isRegularFile();
        }
        List<String> keys =
                rows.stream().map(r -> r.get("storage_key", String.class)).toList();
        assertThat(keys).as("one file per task").doesNotHaveDuplicates();
        // A node killed mid-upload leaves its partial file in the folder's incoming area; the report housekeeping
        // removes such abandoned uploads, as here (they are never a task's file).
        int abandoned = new FolderReportStorage(
                        storage,
                        URI.create("http://127.0.0.1"),
                        new LinkSigner(new Secret("unused-here-0123456789")),
                        Clock.systemUTC())
                .purgeAbandonedUploads(Instant.now().plusSeconds(1));
        if (abandoned > 0) {
            System.out.println("[reports] " + abandoned + " abandoned upload(s) of killed nodes purged");
        }
        try (Stream<Path> files = Files.walk(storage)) {
            List<String> stored = files.filter(Files::isRegularFile)
                    .map(f -> storage.relativize(f).toString())
                    .toList();
            assertThat(stored).as("files in the storage folder").containsExactlyInAnyOrderElementsOf(keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When the first attempt after {@code after} started (a worker took a task from Redis again). */
    public static Optional<Instant> firstAttemptStartedAfter(DSLContext dsl, Collection<UUID> ids, Instant after) {
        return Optional.ofNullable(dsl.fetchOne(
                                "SELECT min(started_at) FROM report_task_attempts WHERE task_id = ANY(?::uuid[]) AND started_at > ?::timestamptz",
                                ids.stream().map(UUID::toString).toArray(String[]::new),
                                after.toString())
                        .get(0, java.time.OffsetDateTime.class))
                .map(java.time.OffsetDateTime::toInstant);
    }
}
