package com.aliaport.ops.jobrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.exchangerate.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartRetryTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final List<Duration> pauses = new ArrayList<>();
    private final StartRetry retry = new StartRetry(clock, d -> {
        pauses.add(d);
        clock.advance(d);
    });
    private final AtomicInteger calls = new AtomicInteger();

    private String failingTimes(int n) {
        if (calls.incrementAndGet() <= n) {
            throw new JobNotStartedException("diag_tick", new IllegalStateException("connection refused"));
        }
        return "ran";
    }

    @Test
    void a_start_postgresql_did_not_answer_is_tried_again_with_growing_pauses_until_it_runs() {
        String outcome = retry.until(clock.instant().plusSeconds(300), () -> false, () -> failingTimes(5));

        assertThat(outcome).isEqualTo("ran");
        assertThat(calls).hasValue(6);
        assertThat(pauses)
                .containsExactly(
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2));
    }

    @Test
    void past_the_grace_it_gives_up_with_the_last_failure() {
        Instant giveUp = clock.instant().plusSeconds(10);

        assertThatThrownBy(() -> retry.until(giveUp, () -> false, () -> failingTimes(Integer.MAX_VALUE)))
                .isInstanceOf(JobNotStartedException.class)
                .hasMessageContaining("diag_tick: not started");
        assertThat(clock.instant()).isBefore(giveUp);
        assertThat(pauses).hasSizeGreaterThan(3);
    }

    @Test
    void a_stop_ends_the_tries_at_once() {
        assertThatThrownBy(() -> retry.until(clock.instant().plusSeconds(300), () -> true, () -> failingTimes(1)))
                .isInstanceOf(JobNotStartedException.class);
        assertThat(calls).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void any_other_failure_is_not_tried_again() {
        assertThatThrownBy(() -> retry.until(clock.instant().plusSeconds(300), () -> false, () -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("the job's own bug");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }
}
