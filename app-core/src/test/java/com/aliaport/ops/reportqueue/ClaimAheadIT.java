package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.reportqueue.db.ReportTaskEnds;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A slot claims quick tasks several at a time and gives back the ones waiting behind a report that turns out slow
 * (ReportWorkers.AHEAD, QUICK), on real PostgreSQL and Redis. Submissions here come from a process without worker
 * slots, so every task goes through the stream.
 */
@ExtendWith(PostgresExtension.class)
class ClaimAheadIT extends QueueFixtureTest {
    private UUID noop(int i) {
        return fixture.service
                .submit(new ReportQueueService.SubmitRequest("noop", Map.of(), "u" + i, Optional.empty()))
                .task()
                .id();
    }

    @Test
    void quick_tasks_behind_a_backlog_are_claimed_several_in_one_statement_and_each_runs_once(Database db)
            throws Exception {
        fastFixture(db);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(noop(i));
        }

        fixture.startWorkers("node-a", 1);

        List<ReportTask> done = new ArrayList<>();
        for (UUID id : ids) {
            done.add(await(id, t -> t.state().terminal()));
        }
        for (ReportTask t : done) {
            assertThat(t.state()).as("task %s", t.id()).isEqualTo(ReportState.SUCCESS);
            assertThat(t.attempts()).isEqualTo(1);
            assertThat(t.fencingToken()).isEqualTo(1);
            List<ReportTaskRepository.Attempt> attempts = fixture.tasks.attempts(t.id());
            assertThat(attempts).hasSize(1);
            assertThat(attempts.getFirst().outcome()).contains("SUCCESS");
            assertThat(attempts.getFirst().workerId()).isEqualTo("node-a-1");
        }
        // One claim statement stamps its tasks with one start time.
        Map<Instant, Long> perClaim =
                done.stream().collect(Collectors.groupingBy(t -> t.startedAt().orElseThrow(), Collectors.counting()));
        assertThat(perClaim.values()).allMatch(n -> n <= ReportWorkers.AHEAD);
        assertThat(perClaim.values().stream().mapToLong(Long::longValue).max().orElseThrow())
                .as("tasks claimed by one statement")
                .isEqualTo(ReportWorkers.AHEAD);
        assertThat(perClaim).as("claim statements for 40 tasks").hasSizeLessThan(20);
    }

    @Test
    void tasks_claimed_behind_a_slow_report_are_given_back_and_run_by_another_node_meanwhile(Database db)
            throws Exception {
        fastFixture(db);
        // Read alone at first (a slot claims ahead only after a quick report), then the slow one with the three
        // quick ones behind it: one read, one claim of four.
        UUID first = noop(0);
        Map<String, Object> slowParams = new HashMap<>(MARCH);
        slowParams.put("rows", 30);
        slowParams.put("row_ms", 100);
        UUID slow = fixture.service
                .submit(new ReportQueueService.SubmitRequest("barinma", slowParams, "u9", Optional.empty()))
                .task()
                .id();
        List<UUID> behind = List.of(noop(1), noop(2), noop(3));

        fixture.startWorkers("node-a", 1);
        ReportTask slowStarted =
                await(slow, t -> t.state() == ReportState.PROGRESS || t.state().terminal());
        assertThat(slowStarted.workerId()).contains("node-a-1");
        assertThat(await(first, t -> t.state().terminal()).state()).isEqualTo(ReportState.SUCCESS);
        fixture.startWorkers("node-b", 1);

        Map<UUID, ReportTask> quick = new HashMap<>();
        for (UUID id : behind) {
            quick.put(id, await(id, t -> t.state().terminal()));
        }
        ReportTask slowDone = await(slow, t -> t.state().terminal());

        assertThat(slowDone.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(fixture.tasks.attempts(slow)).hasSize(1);
        for (ReportTask t : quick.values()) {
            assertThat(t.state()).as("task %s", t.id()).isEqualTo(ReportState.SUCCESS);
            // Claimed by node-a behind the slow report (token 1), given back, claimed by node-b (token 2): one
            // attempt counted, one attempt row.
            assertThat(t.fencingToken()).as("claims of %s", t.id()).isEqualTo(2);
            assertThat(t.attempts()).isEqualTo(1);
            List<ReportTaskRepository.Attempt> attempts = fixture.tasks.attempts(t.id());
            assertThat(attempts).hasSize(1);
            assertThat(attempts.getFirst().workerId()).isEqualTo("node-b-1");
            assertThat(attempts.getFirst().outcome()).contains("SUCCESS");
            assertThat(t.finishedAt().orElseThrow())
                    .as("done while the slow report still ran")
                    .isBefore(slowDone.finishedAt().orElseThrow());
        }
    }

    @Test
    void a_claim_given_back_after_its_task_ended_changes_nothing(Database db) {
        fastFixture(db);
        UUID a = noop(0);
        UUID b = noop(1);
        Instant now = Instant.now();
        List<ReportTask> claimed = fixture.tasks.claimAll(List.of(b, a), "w-1", now, now.plusSeconds(30));
        assertThat(claimed).extracting(ReportTask::id).containsExactly(b, a);
        Map<UUID, ReportTask> byId = claimed.stream().collect(Collectors.toMap(ReportTask::id, Function.identity()));
        ReportTaskEnds ends = fixture.tasks.ends();
        assertThat(ends.succeedAll(
                        List.of(new ReportTaskEnds.Success(a, byId.get(a).fencingToken(), Optional.empty())), now))
                .containsExactly(a);

        assertThat(fixture.tasks.giveBack(claimed, now)).containsExactly(b);

        ReportTask ended = fixture.tasks.find(a).orElseThrow();
        assertThat(ended.state()).isEqualTo(ReportState.SUCCESS);
        assertThat(fixture.tasks.attempts(a)).hasSize(1);
        ReportTask back = fixture.tasks.find(b).orElseThrow();
        assertThat(back.state()).isEqualTo(ReportState.PENDING);
        assertThat(back.attempts()).isZero();
        assertThat(back.fencingToken())
                .as("stays raised: the claim given back can write nothing")
                .isEqualTo(1);
        assertThat(back.workerId()).isEmpty();
        assertThat(fixture.tasks.attempts(b)).isEmpty();
        assertThat(ends.succeedAll(
                        List.of(new ReportTaskEnds.Success(b, byId.get(b).fencingToken(), Optional.empty())), now))
                .as("a result under the claim given back")
                .isEmpty();
    }

    @Test
    void a_duplicate_message_claims_once_and_a_claim_cancelled_while_it_waited_ends_cancelled_when_given_back(
            Database db) {
        fastFixture(db);
        UUID a = noop(0);
        UUID b = noop(1);
        Instant now = Instant.now();

        List<ReportTask> claimed = fixture.tasks.claimAll(List.of(a, b, a), "w-1", now, now.plusSeconds(30));
        assertThat(claimed).extracting(ReportTask::id).containsExactly(a, b);
        // Claimed, so STARTED: the cancel is a request the worker would see on its heartbeat.
        assertThat(fixture.service.cancel(b).state()).isEqualTo(ReportState.STARTED);

        assertThat(fixture.tasks.giveBack(claimed, now)).containsExactly(a);

        assertThat(fixture.tasks.find(a).orElseThrow().state()).isEqualTo(ReportState.PENDING);
        ReportTask cancelled = fixture.tasks.find(b).orElseThrow();
        assertThat(cancelled.state()).isEqualTo(ReportState.CANCELLED);
        assertThat(cancelled.errorCode()).contains(ReportErrorCode.CANCELLED);
        List<ReportTaskRepository.Attempt> attempts = fixture.tasks.attempts(b);
        assertThat(attempts).hasSize(1);
        assertThat(attempts.getFirst().outcome()).contains("CANCELLED");
    }
}
