package com.aliaport.ops.reportqueue.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.db.FixedSql;
import com.aliaport.ops.db.PgArrayText;
import com.aliaport.ops.reportqueue.ReportChanges;
import com.aliaport.ops.testsupport.PostgresExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The submissions' statement under the plan PostgreSQL keeps for it (the generic one, made without the batch's size)
 * reads each row of a large batch once: the group commit writes up to 500 submissions a statement, and a plan that
 * matches every row against every row made that statement 4x slower than the plan for the actual rows (issue 17).
 * And the answers of such a batch, refused and taken keys among them, come back in the batch's order.
 */
@ExtendWith(PostgresExtension.class)
class AdmissionPlanIT {
    private static final int BATCH = 500;
    private static final int RATE = 10;
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    /** 500 submissions of 50 requesters, the first twelve all the first's; two of one requester share a key. */
    private static List<ReportTaskAdmissions.NewTask> batch() {
        List<ReportTaskAdmissions.NewTask> out = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String requester = i < RATE + 2 ? "kullanici-0" : "kullanici-" + (1 + (i - RATE - 2) % 49);
            Optional<String> key = i == 20 || i == 69 ? Optional.of("ayni-anahtar") : Optional.empty();
            out.add(new ReportTaskAdmissions.NewTask(
                    UUID.randomUUID(),
                    "no-file",
                    "reports",
                    Map.of("sira", Integer.toString(i)),
                    requester,
                    4,
                    key,
                    key.map(k -> "parmak-izi"),
                    NOW.plusNanos(i * 1_000L)));
        }
        return out;
    }

    @Test
    void a_batch_of_500_under_the_kept_plan_reads_each_row_once(Database db) {
        FinishedTasks.seed(db.dsl(), "eski-", 1000);
        List<ReportTaskAdmissions.NewTask> batch = batch();
        JsonNode plan = db.dsl().connectionResult(c -> explainGeneric(c, batch));

        List<JsonNode> nodes = new ArrayList<>();
        collect(plan.get(0).get("Plan"), nodes);
        assertThat(nodes)
                .as("no join filter throws rows away (a nested loop of the batch against itself)")
                .allSatisfy(
                        n -> assertThat(n.path("Rows Removed by Join Filter").asLong(0))
                                .isZero());
        assertThat(nodes.stream().filter(n -> n.get("Node Type").asText().equals("CTE Scan")))
                .as("each CTE read once, not once for every row of another")
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n.get("Actual Loops").asLong()).isEqualTo(1));
        Long inserted = nodes.stream()
                .filter(n -> n.get("Node Type").asText().equals("ModifyTable")
                        && n.path("Relation Name").asText().equals("report_tasks"))
                .map(n -> n.get("Actual Rows").asLong())
                .findFirst()
                .orElseThrow();
        assertThat(inserted).isEqualTo(BATCH - 2 - 1); // two over the rate, one key taken
    }

    @Test
    void a_large_batch_is_answered_in_its_own_order_inserted_refused_or_key_taken(Database db) {
        FinishedTasks.seed(db.dsl(), "eski-", 1000);
        List<ReportTaskAdmissions.NewTask> batch = batch();
        var admissions = new ReportTaskAdmissions(db.dsl(), ReportChanges.NONE);

        var answers = admissions.admitAndInsert(batch, NOW.minusSeconds(60), RATE);

        assertThat(answers.keySet())
                .containsExactlyElementsOf(
                        batch.stream().map(ReportTaskAdmissions.NewTask::id).toList());
        for (int i = 0; i < BATCH; i++) {
            var answer = answers.get(batch.get(i).id());
            if (i == RATE || i == RATE + 1) {
                assertThat(answer).isInstanceOf(ReportTaskAdmissions.Admission.RateLimited.class);
                // Its window is this batch's own submissions, none stored before it: no time to name.
                assertThat(((ReportTaskAdmissions.Admission.RateLimited) answer).oldestInWindow())
                        .isEmpty();
            } else if (i == 69) {
                assertThat(answer).isInstanceOf(ReportTaskAdmissions.Admission.KeyTaken.class);
            } else {
                assertThat(answer).isInstanceOf(ReportTaskAdmissions.Admission.Created.class);
            }
        }
        assertThat(new FixedSql(db.dsl())
                        .queryOne("SELECT count(*) FROM report_tasks WHERE state = 'PENDING'", rs -> rs.getLong(1))
                        .orElseThrow())
                .isEqualTo(BATCH - 3);
    }

    /**
     * EXPLAIN ANALYZE of the statement as prepared and run with its generic plan, in a transaction rolled back.
     * EXECUTE takes no bound parameters: the batch goes in as literals.
     */
    private static JsonNode explainGeneric(Connection c, List<ReportTaskAdmissions.NewTask> batch) throws Exception {
        String arguments = String.join(
                ", ",
                array(batch.stream().map(t -> t.id()), "uuid"),
                array(batch.stream().map(t -> t.type()), "text"),
                array(batch.stream().map(t -> t.queue()), "text"),
                array(batch.stream().map(t -> Json.writeStrings(t.parameters())), "text"),
                array(batch.stream().map(t -> t.requestedBy()), "text"),
                array(batch.stream().map(t -> t.maxAttempts()), "int4"),
                array(batch.stream().map(t -> t.idempotencyKey().orElse(null)), "text"),
                array(batch.stream().map(t -> t.requestHash().orElse(null)), "text"),
                array(batch.stream().map(t -> t.createdAt()), "timestamptz"),
                array(batch.stream().map(t -> null), "text"),
                Integer.toString(batch.size()),
                Integer.toString(RATE),
                literal(NOW.minusSeconds(60)) + "::timestamptz",
                Integer.toString(RATE),
                literal(NOW) + "::timestamptz",
                literal(NOW) + "::timestamptz");
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            st.execute("PREPARE admission_plan AS " + numbered(ReportTaskAdmissions.ADMIT_AND_INSERT));
            try (ResultSet rs =
                    st.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE admission_plan(" + arguments + ")")) {
                rs.next();
                return Json.MAPPER.readTree(rs.getString(1));
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** {@code values} as an array literal, in the text form the queue binds them in ({@link PgArrayText}). */
    private static String array(Stream<?> values, String type) {
        return literal(PgArrayText.of(values.toArray())) + "::" + type + "[]";
    }

    private static String literal(Object value) {
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /** The statement's {@code ?} placeholders as {@code $1, $2, …}, for PREPARE. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                out.append('$').append(++i);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        out.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, out);
        }
    }
}
