package com.aliaport.ops.reportqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;

/**
 * What each worker slot of a node is doing, for {@link LocalSlots}: busy (taking, claiming or running a task),
 * waiting for a message from the queue (then a local submission may reserve it), or reserved (running a task
 * handed over directly). A reserved slot that was blocked in its read gives back what that read brings.
 */
final class SlotStates {
    private static final int BUSY = 0;
    private static final int WAITING = 1;
    private static final int RESERVED = 2;

    private final AtomicIntegerArray states;
    private final Object released = new Object();

    SlotStates(int slots) {
        this.states = new AtomicIntegerArray(slots);
    }

    /**
     * The slot is about to wait for a message: once no direct task runs in it, it may be reserved. Returns false
     * when {@code running} turned false while it waited for a direct task to end.
     */
    boolean enterWaiting(int slot, BooleanSupplier running) {
        while (true) {
            int s = states.get(slot);
            if (s == WAITING || (s == BUSY && states.compareAndSet(slot, BUSY, WAITING))) {
                return true;
            }
            if (s == RESERVED && !awaitRelease(slot, running)) {
                return false;
            }
        }
    }

    /** The slot's read returned: true when the slot is its own again, false when it was reserved meanwhile. */
    boolean leaveWaiting(int slot) {
        return states.compareAndSet(slot, WAITING, BUSY) || states.get(slot) == BUSY;
    }

    /** Reserves up to {@code n} waiting slots; their numbers. */
    List<Integer> reserve(int n) {
        List<Integer> out = new ArrayList<>(Math.min(n, states.length()));
        for (int i = 0; i < states.length() && out.size() < n; i++) {
            if (states.compareAndSet(i, WAITING, RESERVED)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The direct task of a reserved slot ended (or never came): the slot waits for messages again. */
    void release(int slot) {
        states.compareAndSet(slot, RESERVED, WAITING);
        synchronized (released) {
            released.notifyAll();
        }
    }

    private boolean awaitRelease(int slot, BooleanSupplier running) {
        synchronized (released) {
            while (states.get(slot) == RESERVED) {
                if (!running.getAsBoolean()) {
                    return false;
                }
                try {
                    released.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
