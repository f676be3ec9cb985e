package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.GroupCommit;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.reportqueue.db.HeldSubmission;
import com.aliaport.ops.reportqueue.db.ReportTaskEnds;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.storage.ReportStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * The report worker slots of one node, each a thread running a {@link QueueSlot}: it takes tasks from the transport,
 * claims them in PostgreSQL (fencing token + lease) and runs their attempts ({@link ReportExecution}: the report,
 * supervised from another thread if it runs long, the file, the one result). A slot whose thread is left in a
 * report (its hard limit passed) gets a new thread. The slots share the group commits of results and of stream
 * acknowledgements. A slot waiting for a message can be reserved by a submission written on this node
 * ({@link #localSlots()}): the task, claimed in its insert, runs in a thread of its own while the slot takes nothing
 * from the queue.
 */
public final class ReportWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportWorkers.class);
    /**
     * Claiming ahead: a slot whose last report took less than {@link #QUICK} reads and claims up to
     * {@link #AHEAD} tasks at once (one read, one statement) and runs them in turn; if one of them runs longer than
     * {@link #QUICK}, the tasks still waiting are given back at once for other slots and nodes. Fewer reads and claim
     * statements for a backlog of quick tasks, and none waits longer behind the others, as that wait ends
     * {@link #QUICK} after the claim either way. Sixteen (since session 41; eight before): the batch further ahead of
     * db-scheduler's and the single round trips' p99 no worse. Not 32 (sessions 37 and 40): the batch faster still,
     * but the p99 worse, the JIT left with more of the statement path to compile beside the trips. Figures in
     * docs/benchmarks.md.
     */
    static final int AHEAD = 16;

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
    private final GroupCommit<ReportTaskEnds.Success, Boolean> results;
    /** Stream messages of claimed tasks, acknowledged together and off the slots' path. */
    private final GroupCommit<ReportQueue.Delivery, Void> settlements;

    private final ReportExecution.Workshop workshop;

    /** How long a directly handed-over report runs unsupervised ({@link #QUICK}); a test sets it longer. */
    private volatile Duration directWindow = QUICK;

    /** Starts the supervision of reports that outlast {@link #QUICK}; set by start(). */
    private volatile LateSupervision lateSupervision;
    /** What the slots work with; set by start(). */
    private volatile QueueSlot.Shop slotShop;

    private final QueueSlot.Threads slotOwnership = new QueueSlot.Threads() {
        @Override
        public boolean serves(int slot) {
            return running && slotThreads.get(slot) == Thread.currentThread();
        }

        @Override
        public void left(int slot, Thread thread) {
            replaceSlotThread(slot, thread);
        }
    };

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
        slotShop = new QueueSlot.Shop(
                tasks, queue, settings, clock, states, settlements, workshop, lateSupervision, () -> running);
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
                .unstarted(new QueueSlot(slotShop, slotOwnership, slot, consumerOf(slot))::run);
        slotThreads.set(slot, t);
        threads.add(t);
        t.start();
    }

    /** The thread serving {@code slot} now (0-based): a test sees whether a slot's thread was replaced. */
    Thread slotThread(int slot) {
        return slotThreads.get(slot);
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
    private void writeResults(List<GroupCommit.Entry<ReportTaskEnds.Success, Boolean>> batch) {
        List<ReportTaskEnds.Success> items = GroupCommit.items(batch);
        ReportTaskEnds ends = tasks.ends();
        Set<UUID> won = OutageRetry.untilWritten(
                items.size() + " report results", () -> !running, () -> ends.succeedAll(items, clock.instant()));
        batch.forEach(e -> e.result().complete(won.contains(e.item().id())));
    }

    private void settle(List<GroupCommit.Entry<ReportQueue.Delivery, Void>> batch) {
        try {
            queue.settleAll(GroupCommit.items(batch));
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

        /** {@code held}: the submission held back, or null. */
        private void run(ReportTask claimed, HeldSubmission held) {
            try {
                // The report runs in the thread it is handed to; supervised only if it outlasts QUICK.
                directRuns.execute(() -> new ReportExecution(workshop, claimed, workerId())
                        .runHere(lateSupervision, directWindow, held, () -> states.release(slot)));
            } catch (RejectedExecutionException stopping) {
                states.release(slot);
                if (held != null) {
                    try {
                        held.release(); // inserted claimed, so that its lease brings it back as any other
                    } catch (RuntimeException e) {
                        // Not written: its submitter is told through the submission's future.
                        log.info(
                                "report task {}: not written before the node stopped ({})", claimed.id(), e.toString());
                        return;
                    }
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
}
