package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.GroupCommit;
import com.aliaport.ops.common.Loops;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker slot's loop over the queue, in the slot's thread: takes messages from the transport (its own
 * unsettled ones first after a start or an outage), claims their tasks in PostgreSQL (fencing token + lease) and
 * runs each attempt in this thread ({@link ReportExecution#runInSlot}); several quick ones at a time, the ones
 * behind a late report given back. Waits out Redis and PostgreSQL outages and starts over from its own unsettled
 * messages. A slot waiting for a message can be reserved by a submission of this node ({@link SlotStates}): what
 * its read brings then goes back to the queue.
 */
final class QueueSlot {
    private static final Logger log = LoggerFactory.getLogger(QueueSlot.class);
    private static final Duration BLOCK = Duration.ofSeconds(2);

    /** What every slot of a node works with. */
    record Shop(
            ReportTaskRepository tasks,
            ReportQueue queue,
            ReportQueueSettings settings,
            Clock clock,
            SlotStates states,
            GroupCommit<ReportQueue.Delivery, Void> settlements,
            ReportExecution.Workshop workshop,
            LateSupervision lateSupervision,
            BooleanSupplier running) {}

    /** The node's hold on its slots' threads. */
    interface Threads {
        /** While the node runs and the calling thread is the one serving {@code slot}. */
        boolean serves(int slot);

        /** {@code thread}, the slot's, is left in a report by its supervision: the slot needs another. */
        void left(int slot, Thread thread);
    }

    private final ReportTaskRepository tasks;
    private final ReportQueue queue;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private final SlotStates states;
    private final GroupCommit<ReportQueue.Delivery, Void> settlements;
    private final ReportExecution.Workshop workshop;
    private final LateSupervision lateSupervision;
    private final BooleanSupplier running;
    private final Threads threads;
    private final int slot;
    private final String consumer;

    /** Slot number {@code slot} (0-based), reading as consumer {@code consumer}, its claims carrying that name. */
    QueueSlot(Shop shop, Threads threads, int slot, String consumer) {
        this.tasks = shop.tasks();
        this.queue = shop.queue();
        this.settings = shop.settings();
        this.clock = shop.clock();
        this.states = shop.states();
        this.settlements = shop.settlements();
        this.workshop = shop.workshop();
        this.lateSupervision = shop.lateSupervision();
        this.running = shop.running();
        this.threads = threads;
        this.slot = slot;
        this.consumer = consumer;
    }

    /** Where a slot reads next (its own unsettled messages after a start or an outage, or new ones), and how many. */
    private static final class SlotState {
        boolean ownPending = true;
        Instant nextReclaim = Instant.MIN;
        /** New messages to read at once: {@link ReportWorkers#AHEAD} after a quick report, one after a slow one. */
        int reading = 1;

        void ran(long nanos) {
            reading = nanos < ReportWorkers.QUICK.toNanos() ? ReportWorkers.AHEAD : 1;
        }
    }

    /** Runs the slot until the node stops or another thread takes the slot over. */
    void run() {
        SlotState state = new SlotState();
        Duration pause = Duration.ofMillis(250);
        while (threads.serves(slot)) {
            if (Loops.runLogged("report worker " + consumer, () -> step(state))) {
                pause = Duration.ofMillis(250);
            } else {
                // Redis or PostgreSQL away: wait, then start over from this consumer's unsettled messages.
                state.ownPending = true;
                if (!Loops.pause(pause)) {
                    return;
                }
                pause = OutageRetry.longer(pause);
            }
        }
    }

    private void step(SlotState state) {
        boolean own = state.ownPending;
        if (!own && !states.enterWaiting(slot, running)) {
            return;
        }
        List<ReportQueue.Delivery> batch = queue.take(consumer, own, BLOCK, state.reading);
        if (!states.leaveWaiting(slot)) {
            // Reserved by a local submission while this read waited: the direct task has the slot.
            handBack(batch);
            return;
        }
        if (own || batch.size() == 1) {
            for (ReportQueue.Delivery d : batch) {
                if (threads.serves(slot)) {
                    handle(d, state);
                }
            }
        } else if (!batch.isEmpty() && threads.serves(slot)) {
            handleAhead(batch, state);
        }
        if (own && batch.isEmpty()) {
            state.ownPending = false;
        }
        Instant now = clock.instant();
        if (!own && batch.isEmpty() && !now.isBefore(state.nextReclaim)) {
            // Idle: take over messages a dead consumer received but never claimed.
            state.nextReclaim = now.plus(settings.lease());
            for (ReportQueue.Delivery d : queue.reclaim(consumer, settings.lease(), 10)) {
                if (threads.serves(slot)) {
                    handle(d, state);
                }
            }
        }
    }

    /** Puts messages a reserved slot read back in their queue for another slot (the claim refuses a duplicate). */
    private void handBack(List<ReportQueue.Delivery> batch) {
        if (batch.isEmpty()) {
            return;
        }
        queue.settleAll(batch);
        batch.stream()
                .collect(Collectors.groupingBy(
                        ReportQueue.Delivery::queue,
                        Collectors.mapping(ReportQueue.Delivery::taskId, Collectors.toList())))
                .forEach(queue::enqueueAll);
        log.debug("{} report messages read by a reserved slot handed back to the queue", batch.size());
    }

    private void handle(ReportQueue.Delivery delivery, SlotState state) {
        Instant now = clock.instant();
        var claimed = tasks.claim(delivery.taskId(), consumer, now, now.plus(settings.lease()));
        settlements.submit(delivery);
        if (claimed.isEmpty()) {
            log.debug("report task {}: not claimable, message {} dropped", delivery.taskId(), delivery.messageId());
            return;
        }
        long started = System.nanoTime();
        Thread self = Thread.currentThread();
        new ReportExecution(workshop, claimed.get(), consumer)
                .runInSlot(lateSupervision, ReportWorkers.QUICK, null, () -> threads.left(slot, self));
        state.ran(System.nanoTime() - started);
    }

    /**
     * Claims the tasks of several messages in one statement and runs them in turn, each in this thread. The ones
     * still waiting are given back (PENDING, attempt not counted) and handed to the queue again as soon as one
     * report's supervision starts (it ran longer than {@link ReportWorkers#QUICK}, seen within {@link LateSupervision#LOOK}), or
     * {@link ReportWorkers#QUICK} has passed since the claim (uploads and result writes count too), or the node stops, or a run
     * ends in an error: none waits long enough for its lease to matter. A node that dies meanwhile leaves them to
     * their leases, as a running one.
     */
    private void handleAhead(List<ReportQueue.Delivery> batch, SlotState state) {
        Instant now = clock.instant();
        long claimedAt = System.nanoTime();
        List<UUID> ids = new ArrayList<>(batch.size());
        for (ReportQueue.Delivery d : batch) {
            ids.add(d.taskId());
        }
        List<ReportTask> claimed = tasks.claimAll(ids, consumer, now, now.plus(settings.lease()));
        batch.forEach(settlements::submit);
        // Given back by this thread or by a late report's supervisor, whichever drains it first.
        Deque<ReportTask> waiting = new ConcurrentLinkedDeque<>(claimed);
        Thread self = Thread.currentThread();
        try {
            boolean first = true;
            while (!waiting.isEmpty() && threads.serves(slot)) {
                if (!first && System.nanoTime() - claimedAt >= ReportWorkers.QUICK.toNanos()) {
                    break;
                }
                first = false;
                ReportTask next = waiting.poll();
                long started = System.nanoTime();
                new ReportExecution(workshop, next, consumer)
                        .runInSlot(
                                lateSupervision,
                                ReportWorkers.QUICK,
                                () -> giveBack(waiting),
                                () -> threads.left(slot, self));
                state.ran(System.nanoTime() - started);
            }
        } finally {
            giveBack(waiting);
        }
    }

    /** Gives back the claimed tasks that have not begun ({@code waiting}, drained) and hands them to the queue. */
    private void giveBack(Deque<ReportTask> waiting) {
        List<ReportTask> unstarted = new ArrayList<>();
        for (ReportTask t; (t = waiting.poll()) != null; ) {
            unstarted.add(t);
        }
        if (unstarted.isEmpty()) {
            return;
        }
        Set<UUID> back;
        try {
            back = tasks.giveBack(unstarted, clock.instant());
        } catch (RuntimeException e) {
            log.warn(
                    "{} report tasks claimed ahead not given back ({}); their leases will",
                    unstarted.size(),
                    e.toString());
            return;
        }
        log.debug("{} report tasks claimed ahead given back", back.size());
        try {
            queue.enqueueTasks(
                    unstarted.stream().filter(t -> back.contains(t.id())).toList());
        } catch (RuntimeException e) {
            log.warn(
                    "{} report tasks given back but not handed to the queue yet ({}); the reconciler will",
                    back.size(),
                    e.toString());
        }
    }
}
