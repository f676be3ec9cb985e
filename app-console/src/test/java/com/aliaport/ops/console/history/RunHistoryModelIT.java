package com.aliaport.ops.console.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.jobrun.JobRunSearch;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.jobrun.TriggerKind;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The run history's view-model without JavaFX's thread, on a real PostgreSQL: paging, filters, live rows. */
@ExtendWith(PostgresExtension.class)
class RunHistoryModelIT {
    private Database db;
    private RunHistoryModel model;
    private final LiveEvents live = new LiveEvents(Ui.direct());
    private final List<Throwable> errors = new ArrayList<>();

    @BeforeEach
    void history_of_230_runs(Database db) {
        this.db = db;
        db.migrate();
        // 230 runs: every 10th FAILED, job a/b alternating, node n1/n2, one a day back from now.
        db.dsl().execute("""
                INSERT INTO job_runs (job_id, trigger_kind, status, started_at, finished_at, node_id, created_at)
                SELECT CASE WHEN g % 2 = 0 THEN 'job_a' ELSE 'job_b' END, 'SCHEDULED',
                       CASE WHEN g % 10 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,
                       now() - (231 - g) * interval '1 day', now() - (231 - g) * interval '1 day' + interval '5 seconds',
                       CASE WHEN g % 3 = 0 THEN 'n1' ELSE 'n2' END, now() - (231 - g) * interval '1 day'
                FROM generate_series(1, 230) g""");
        model = new RunHistoryModel(
                new JobRunSearch(db.dsl()), Ui.direct(), live, ZoneId.of("Europe/Istanbul"), errors::add);
    }

    private List<Long> ids() {
        return model.runs().stream().map(l -> l.run().id()).toList();
    }

    @Test
    void pages_go_newest_first_forward_and_back_by_keyset() {
        model.apply();
        assertThat(ids()).hasSize(50).first().isEqualTo(230L);
        assertThat(model.count().get()).isEqualTo(new JobRunSearch.Count(230, true));
        model.next();
        model.next();
        assertThat(model.pageNumber().get()).isEqualTo(3);
        assertThat(ids().getFirst()).isEqualTo(130L);
        model.next();
        model.next();
        assertThat(ids()).hasSize(30).last().isEqualTo(1L);
        assertThat(model.hasMore().get()).isFalse();
        model.previous();
        assertThat(ids().getFirst()).isEqualTo(80L);
        assertThat(errors).isEmpty();
    }

    @Test
    void the_screen_shown_counts_its_runs_and_a_reload_counts_the_new_ones() {
        // The view's refresh (first show, F5) reloads without applying a filter: the pager must not stay at "…".
        model.reload();
        assertThat(model.count().get()).isEqualTo(new JobRunSearch.Count(230, true));
        db.dsl().execute("""
                INSERT INTO job_runs (job_id, trigger_kind, status, started_at, node_id)
                VALUES ('job_a', 'MANUAL', 'RUNNING', now(), 'n1')""");
        model.reload();
        assertThat(model.count().get()).isEqualTo(new JobRunSearch.Count(231, true));
        assertThat(errors).isEmpty();
    }

    @Test
    void filters_combine_and_reset_to_the_first_page() {
        model.apply();
        model.next();
        model.status.set(JobRunStatus.FAILED);
        model.job.set("job_a");
        model.apply();
        assertThat(model.pageNumber().get()).isEqualTo(1);
        assertThat(model.runs()).allSatisfy(l -> {
            assertThat(l.run().status()).isEqualTo(JobRunStatus.FAILED);
            assertThat(l.run().jobId()).isEqualTo("job_a");
        });
        assertThat(model.count().get().value()).isEqualTo(23); // every 10th run, all even
        model.status.set(null);
        model.job.set(null);
        model.node.set("n1");
        model.from.set(java.time.LocalDate.now(ZoneId.of("Europe/Istanbul")).minusDays(30));
        model.apply();
        assertThat(model.runs()).isNotEmpty().allSatisfy(l -> assertThat(l.run().nodeId())
                .contains("n1"));
        assertThat(model.count().get().value()).isBetween(9L, 11L);
        assertThat(errors).isEmpty();
    }

    @Test
    void a_notified_change_updates_its_row_and_a_new_matching_run_appears_on_top() {
        model.status.set(JobRunStatus.RUNNING);
        model.apply();
        assertThat(model.runs()).isEmpty();
        long id = db.dsl()
                .resultQuery("INSERT INTO job_runs (job_id, trigger_kind, status, started_at, node_id) "
                        + "VALUES ('job_a', 'MANUAL', 'RUNNING', now(), 'n1') RETURNING id")
                .fetchOne(0, Long.class);
        live.deliver("job_runs", "{\"id\":" + id + ",\"status\":\"RUNNING\"}");
        assertThat(ids()).containsExactly(id);
        assertThat(model.runs().getFirst().run().triggerKind()).isEqualTo(TriggerKind.MANUAL);

        db.dsl().execute("UPDATE job_runs SET progress_current = 40, progress_total = 100 WHERE id = " + id);
        live.deliver("job_runs", "{\"id\":" + id + "}");
        assertThat(model.runs().getFirst().run().progressCurrent()).contains(40L);

        // A run that does not pass the filter stays out.
        long other = db.dsl()
                .resultQuery(
                        "INSERT INTO job_runs (job_id, trigger_kind, status) VALUES ('job_b', 'MANUAL', 'SUCCEEDED') RETURNING id")
                .fetchOne(0, Long.class);
        live.deliver("job_runs", "{\"id\":" + other + "}");
        assertThat(ids()).containsExactly(id);
        assertThat(errors).isEmpty();
    }

    @Test
    void csv_export_writes_every_filtered_run() throws Exception {
        model.status.set(JobRunStatus.FAILED);
        model.apply();
        Path file = Files.createTempFile("runs", ".csv");
        long written = RunCsv.export(new JobRunSearch(db.dsl()), model.filter(), file);
        List<String> lines = Files.readAllLines(file);
        assertThat(written).isEqualTo(23);
        assertThat(lines).hasSize(24);
        assertThat(lines.get(0))
                .endsWith("id,job_id,trigger_kind,status,attempt,node_id,scheduled_at,scheduled_until,started_at,"
                        + "finished_at,progress_current,progress_total,message,error");
        assertThat(lines.subList(1, 24)).allMatch(l -> l.contains(",FAILED,"));
    }
}
