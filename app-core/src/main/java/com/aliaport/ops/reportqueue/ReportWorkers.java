package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.GroupCommit;
import com.aliaport.ops.common.Loops;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.reportqueue.db.HeldSubmission;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.storage.ReportStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report worker slots of one node: each slot takes one task at a time from the transport, claims it in
 * PostgreSQL (fencing token + lease) and supervises the attempt ({@link ReportExecution}: the report in its own
 * thread, heartbeats, cancel, the soft and hard limits, the file, the one result). A slot survives Redis and
 * PostgreSQL outages by waiting and starting over from its own unsettled messages. The slots share the group
 * commits of results and of stream acknowledgements. A slot waiting for a message can be reserved by a submission
 * written on this node ({@link #localSlots()}): the task, claimed in its insert, runs in a thread of its own while
 * the slot takes nothing from the queue.
 */
public final class ReportWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportWorkers.class);
    private static final Duration BLOCK = Duration.ofSeconds(2);
    /**
     * Claiming ahead: a slot whose last report took less than {@link #QUICK} reads and claims up to
     * {@link #AHEAD} tasks at once (one read, one statement) and runs them in turn; if one of them runs longer than
     * {@link #QUICK}, the tasks still waiting are given back at once for other slots and nodes. Four per slot is
     * db-scheduler's lock-and-fetch limit for two threads (four times the threads per node).
     */
    static final int AHEAD = 4;

    static final Duration QUICK = Duration.ofMillis(250);

    private final ReportTaskRepository tasks;
    private final ReportQueue queue;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private final String nodeId;
    private final int slots;
    private final Path scratch;
    /** Every slot thread started, joined at stop (a thread left in a report among them). */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** The thread serving each slot now: another takes over from one left in a report past its limits. */
    private final AtomicReferenceArray<Thread> slotThreads;
    /** Slot threads left in a report by its supervision: a stop does not wait for them. */
    private final Set<Thread> left = ConcurrentHashMap.newKeySet();
    /** Tasks handed over by local submissions run here, report included, each in place of its reserved slot. */
    private final ExecutorService directRuns = Executors.newCachedThreadPool(
            r -> Thread.ofPlatform().name("report-direct").daemon(true).unstarted(r));
    /** The supervision of a direct run that outlasts {@link #QUICK}; left running while the node stops. */
    private final ExecutorService lateSupervisors = Executors.newCachedThreadPool(
            r -> Thread.ofPlatform().name("report-supervisor").daemon(true).unstarted(r));

    private final SlotStates states;

    /** Results of all slots, written together (group commit): a slot hands its SUCCESS over and moves on. */
    private final GroupCommit<ReportTaskRepository.Success, Boolean> results;
    /** Stream messages of claimed tasks, acknowledged together and off the slots' path. */
    private final GroupCommit<ReportQueue.Delivery, Void> settlements;

    private final ReportExecution.Workshop workshop;

    /** How long a directly handed-over report runs unsupervised ({@link #QUICK}); a test sets it longer. */
    private volatile Duration directWindow = QUICK;

    /** Starts the supervision of directly handed-over reports that outlast {@link #QUICK}; set by start(). */
    private volatile LateSupervision lateSupervision;

    private volatile boolean running;
    /** Stopped once: the result and acknowledgement writers are closed for good. */
    private volatile boolean stopped;

    public ReportWorkers(
            ReportTaskRepository tasks,
            ReportQueue queue,
            ReportStorage storage,
            Collection<ReportBuilder> builders,
            ReportQueueSettings settings,
            Clock clock,
            String nodeId,
            int slots,
            Path scratch) {
        this.tasks = tasks;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
        this.nodeId = nodeId;
        this.slots = slots;
        this.scratch = scratch;
        this.states = new SlotStates(slots);
        this.slotThreads = new AtomicReferenceArray<>(slots);
        this.results = new GroupCommit<>("report-results", 500, 10_000, this::writeResults);
        this.settlements = new GroupCommit<>("report-settlements", 500, 10_000, Duration.ofMillis(2), this::settle);
        this.workshop = new ReportExecution.Workshop(
                tasks,
                storage,
                builders.stream().collect(Collectors.toMap(ReportBuilder::type, Function.identity())),
                settings,
                clock,
                nodeId,
                scratch,
                results,
                () -> running);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        if (stopped) {
            throw new IllegalStateException("stopped report workers do not start again; make new ones");
        }
        lateSupervision = new LateSupervision(lateSupervisors);
        running = true;
        cleanScratch();
        for (int slot = 0; slot < slots; slot++) {
            startSlotThread(slot);
        }
        log.info("{} report worker slots started on node {}", slots, nodeId);
    }

    private void startSlotThread(int slot) {
        Thread t = Thread.ofPlatform()
                .name("report-worker-" + (slot + 1))
                .daemon(true)
                .unstarted(() -> slotLoop(slot, consumerOf(slot)));
        slotThreads.set(slot, t);
        threads.add(t);
        t.start();
    }

    /** The thread serving {@code slot} now (0-based): a test sees whether a slot's thread was replaced. */
    Thread slotThread(int slot) {
        return slotThreads.get(slot);
    }

    /** While the node runs and this thread is the slot's (not one left in a report and replaced since). */
    private boolean serves(int slot) {
        return running && slotThreads.get(slot) == Thread.currentThread();
    }

    /**
     * Gives the slot a new thread when its own is left in a report (hard limit, lost claim, stop request ignored):
     * the slot serves again at once; the old thread ends its loop if the report ever returns.
     */
    private synchronized void replaceSlotThread(int slot, Thread stuck) {
        left.add(stuck);
        if (running && slotThreads.get(slot) == stuck) {
            log.warn("report worker slot {}: its thread is left in a report; a new thread serves the slot", slot + 1);
            startSlotThread(slot);
        }
    }

    /** Scratch files of this node left by a crash: no slot of this node runs yet, so none is in use. */
    private void cleanScratch() {
        if (!Files.isDirectory(scratch)) {
            return;
        }
        try (var files = Files.list(scratch)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("report-"))
                    .toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            log.warn("cannot clean scratch folder {}: {}", scratch, e.getMessage());
        }
    }

    /** Stops taking work and waits up to {@code grace} for running reports; their leases cover the rest. */
    public void stop(Duration grace) {
        running = false;
        stopped = true;
        directRuns.shutdown();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Thread t : threads) {
                // Polled: a thread still in a deaf report is let go once its supervision abandons it.
                long ms;
                while (t.isAlive()
                        && !left.contains(t)
                        && (ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
                    t.join(Math.min(ms, 100));
                }
            }
            directRuns.awaitTermination(
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (lateSupervision != null) {
            lateSupervision.close();
        }
        lateSupervisors.shutdown();
        // Results handed over are written before the node goes; what cannot be, the leases bring back.
        results.close(Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        settlements.close(1_000);
    }

    /** Writes the results of a batch, waiting out a PostgreSQL outage until the node stops. */
    private void writeResults(List<GroupCommit.Entry<ReportTaskRepository.Success, Boolean>> batch) {
        List<ReportTaskRepository.Success> items =
                batch.stream().map(GroupCommit.Entry::item).toList();
        Set<UUID> won = OutageRetry.untilWritten(
                items.size() + " report results", () -> !running, () -> tasks.succeedAll(items, clock.instant()));
        batch.forEach(e -> e.result().complete(won.contains(e.item().id())));
    }

    private void settle(List<GroupCommit.Entry<ReportQueue.Delivery, Void>> batch) {
        try {
            queue.settleAll(batch.stream().map(GroupCommit.Entry::item).toList());
        } catch (RuntimeException e) {
            // The claim in PostgreSQL is what counts; a duplicate delivery later is refused by the claim.
            log.warn("{} report messages not settled ({}); a redelivery will be refused", batch.size(), e.toString());
        }
        batch.forEach(e -> e.result().complete(null));
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    /**
     * Lets a test hold a direct run unsupervised (and a held submission uncommitted) for longer than {@link #QUICK},
     * so that a slow machine does not end the quick window while the test looks.
     */
    ReportWorkers directWindow(Duration window) {
        this.directWindow = window;
        return this;
    }

    /** This node's slots as local submissions see them; none reserved before {@link #start()} or after a stop. */
    public LocalSlots localSlots() {
        return n -> {
            if (!running || n <= 0) {
                return List.of();
            }
            return states.reserve(n).stream()
                    .<LocalSlots.Reservation>map(DirectSlot::new)
                    .toList();
        };
    }

    /** A slot reserved for a task claimed in its insert. */
    private final class DirectSlot implements LocalSlots.Reservation {
        private final int slot;

        DirectSlot(int slot) {
            this.slot = slot;
        }

        @Override
        public String workerId() {
            return consumerOf(slot);
        }

        @Override
        public void run(ReportTask claimed) {
            run(claimed, null);
        }

        @Override
        public void runHeld(HeldSubmission held) {
            run(held.task(), held);
        }

        /** {@code held}: the submission held open, or null. */
        private void run(ReportTask claimed, HeldSubmission held) {
            try {
                // The report runs in the thread it is handed to; supervised only if it outlasts QUICK.
                directRuns.execute(() -> new ReportExecution(workshop, claimed, workerId())
                        .runHere(lateSupervision, directWindow, held, () -> states.release(slot)));
            } catch (RejectedExecutionException stopping) {
                states.release(slot);
                if (held != null) {
                    held.release(); // committed, so that its lease brings it back as any other
                }
                log.info("report task {}: node stopping before it ran; its lease will bring it back", claimed.id());
            }
        }

        @Override
        public void release() {
            states.release(slot);
        }
    }

    /** The consumer name of a slot, and the worker id its claims carry: {@code <node>-<1-based slot>}. */
    private String consumerOf(int slot) {
        return nodeId + "-" + (slot + 1);
    }

    /** Where a slot reads next (its own unsettled messages after a start or an outage, or new ones), and how many. */
    private static final class SlotState {
        boolean ownPending = true;
        Instant nextReclaim = Instant.MIN;
        /** New messages to read at once: {@link #AHEAD} after a quick report, one after a slow one. */
        int reading = 1;

        void ran(long nanos) {
            reading = nanos < QUICK.toNanos() ? AHEAD : 1;
        }
    }

    private void slotLoop(int slot, String consumer) {
        SlotState state = new SlotState();
        Duration pause = Duration.ofMillis(250);
        while (serves(slot)) {
            if (Loops.runLogged("report worker " + consumer, () -> step(slot, consumer, state))) {
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

    private void step(int slot, String consumer, SlotState state) {
        boolean own = state.ownPending;
        if (!own && !states.enterWaiting(slot, () -> running)) {
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
                if (serves(slot)) {
                    handle(slot, consumer, d, state);
                }
            }
        } else if (!batch.isEmpty() && serves(slot)) {
            handleAhead(slot, consumer, batch, state);
        }
        if (own && batch.isEmpty()) {
            state.ownPending = false;
        }
        Instant now = clock.instant();
        if (!own && batch.isEmpty() && !now.isBefore(state.nextReclaim)) {
            // Idle: take over messages a dead consumer received but never claimed.
            state.nextReclaim = now.plus(settings.lease());
            for (ReportQueue.Delivery d : queue.reclaim(consumer, settings.lease(), 10)) {
                if (serves(slot)) {
                    handle(slot, consumer, d, state);
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

    private void handle(int slot, String consumer, ReportQueue.Delivery delivery, SlotState state) {
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
                .runInSlot(lateSupervision, QUICK, null, () -> replaceSlotThread(slot, self));
        state.ran(System.nanoTime() - started);
    }

    /**
     * Claims the tasks of several messages in one statement and runs them in turn, each in this thread. The ones
     * still waiting are given back (PENDING, attempt not counted) and handed to the queue again as soon as one
     * report's supervision starts (it ran longer than {@link #QUICK}, seen within {@link LateSupervision#LOOK}), or
     * {@link #QUICK} has passed since the claim (uploads and result writes count too), or the node stops, or a run
     * ends in an error: none waits long enough for its lease to matter. A node that dies meanwhile leaves them to
     * their leases, as a running one.
     */
    private void handleAhead(int slot, String consumer, List<ReportQueue.Delivery> batch, SlotState state) {
        Instant now = clock.instant();
        long claimedAt = System.nanoTime();
        List<ReportTask> claimed = tasks.claimAll(
                batch.stream().map(ReportQueue.Delivery::taskId).toList(), consumer, now, now.plus(settings.lease()));
        batch.forEach(settlements::submit);
        // Given back by this thread or by a late report's supervisor, whichever drains it first.
        Deque<ReportTask> waiting = new ConcurrentLinkedDeque<>(claimed);
        Thread self = Thread.currentThread();
        try {
            boolean first = true;
            while (!waiting.isEmpty() && serves(slot)) {
                if (!first && System.nanoTime() - claimedAt >= QUICK.toNanos()) {
                    break;
                }
                first = false;
                ReportTask next = waiting.poll();
                long started = System.nanoTime();
                new ReportExecution(workshop, next, consumer)
                        .runInSlot(
                                lateSupervision, QUICK, () -> giveBack(waiting), () -> replaceSlotThread(slot, self));
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
