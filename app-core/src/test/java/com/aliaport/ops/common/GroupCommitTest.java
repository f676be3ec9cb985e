package com.aliaport.ops.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    @Test
    void items_arriving_while_a_batch_is_written_go_out_together_in_the_next_one() throws Exception {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("test-commit", 100, 1000, batch -> {
            batches.add(batch.stream().map(GroupCommit.Entry::item).toList());
            firstStarted.countDown();
            await(release);
            batch.forEach(e -> e.result().complete(e.item() * 10));
        })) {
            CompletableFuture<Integer> first = commit.submit(1);
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Integer>> rest = new ArrayList<>();
            for (int i = 2; i <= 6; i++) {
                rest.add(commit.submit(i));
            }
            release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(10);
            for (int i = 0; i < rest.size(); i++) {
                assertThat(rest.get(i).get(5, TimeUnit.SECONDS)).isEqualTo((i + 2) * 10);
            }
            assertThat(batches).containsExactly(List.of(1), List.of(2, 3, 4, 5, 6));
        }
    }

    @Test
    void write_or_submit_writes_in_the_caller_when_idle_and_queues_behind_a_batch_in_progress() throws Exception {
        List<String> writers = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("test-commit", 100, 1000, batch -> {
            writers.add(Thread.currentThread().getName());
            if (batch.getFirst().item() == 2) {
                firstStarted.countDown();
                await(release);
            }
            batch.forEach(e -> e.result().complete(e.item()));
        })) {
            // Idle: written by the caller itself, done when the call returns.
            CompletableFuture<Integer> mine = commit.writeOrSubmit(1);
            assertThat(mine).isCompletedWithValue(1);
            assertThat(writers).containsExactly(Thread.currentThread().getName());

            // Busy (the thread is writing item 2): the caller's item queues and goes out with the next batch.
            CompletableFuture<Integer> queued = commit.submit(2);
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> behind = commit.writeOrSubmit(3);
            assertThat(behind).isNotDone();
            release.countDown();
            assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(behind.get(5, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(writers).containsExactly(Thread.currentThread().getName(), "test-commit", "test-commit");
        }
    }

    @Test
    void a_failing_writer_fails_its_batch_and_the_next_batch_still_runs() throws Exception {
        try (GroupCommit<String, String> commit = new GroupCommit<>("test-commit", 10, 100, batch -> {
            if (batch.getFirst().item().equals("bad")) {
                throw new IllegalStateException("database away");
            }
            batch.forEach(e -> e.result().complete(e.item()));
        })) {
            assertThatThrownBy(() -> commit.submit("bad").get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("database away");
            assertThat(commit.submit("good").get(5, TimeUnit.SECONDS)).isEqualTo("good");
        }
    }

    @Test
    void an_entry_the_writer_leaves_open_fails_instead_of_hanging_its_caller() {
        try (GroupCommit<String, String> commit = new GroupCommit<>("test-commit", 10, 100, batch -> {})) {
            assertThatThrownBy(() -> commit.submit("x").get(5, TimeUnit.SECONDS))
                    .hasRootCauseMessage("test-commit: the batch writer left an entry open");
        }
    }

    @Test
    void close_writes_what_is_queued_and_refuses_what_comes_after() throws Exception {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Void> commit = new GroupCommit<>("test-commit", 2, 100, batch -> {
            batch.forEach(e -> {
                written.add(e.item());
                e.result().complete(null);
            });
        });
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(commit.submit(i));
        }
        commit.close();

        assertThat(written).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(all).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(commit.submit(99)).isCompletedExceptionally();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
