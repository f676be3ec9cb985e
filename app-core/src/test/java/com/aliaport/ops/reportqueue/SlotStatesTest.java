package com.aliaport.ops.reportqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlotStatesTest {

    @Test
    void only_a_waiting_slot_can_be_reserved_and_only_as_many_as_asked() {
        SlotStates states = new SlotStates(3);
        assertThat(states.reserve(3)).as("all busy at start").isEmpty();

        states.enterWaiting(0, () -> true);
        states.enterWaiting(2, () -> true);

        assertThat(states.reserve(1)).containsExactly(0);
        assertThat(states.reserve(5)).containsExactly(2);
        assertThat(states.reserve(5)).isEmpty();
    }

    @Test
    void a_slot_reserved_while_it_read_does_not_take_what_it_read_and_waits_for_the_release() throws Exception {
        SlotStates states = new SlotStates(1);
        states.enterWaiting(0, () -> true);
        assertThat(states.reserve(1)).containsExactly(0);

        assertThat(states.leaveWaiting(0))
                .as("the read's messages are not the slot's")
                .isFalse();
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> states.enterWaiting(0, () -> true));
        Thread.sleep(150);
        assertThat(next).as("no next read while reserved").isNotDone();

        states.release(0);

        assertThat(next.get(2, TimeUnit.SECONDS)).isTrue();
        assertThat(states.leaveWaiting(0)).isTrue();
        assertThat(states.reserve(1)).as("busy again").isEmpty();
    }

    @Test
    void a_slot_left_waiting_for_a_release_gives_up_when_the_workers_stop() throws Exception {
        SlotStates states = new SlotStates(1);
        states.enterWaiting(0, () -> true);
        states.reserve(1);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> states.enterWaiting(0, running::get));

        running.set(false);

        assertThat(next.get(2, TimeUnit.SECONDS)).isFalse();
    }
}
