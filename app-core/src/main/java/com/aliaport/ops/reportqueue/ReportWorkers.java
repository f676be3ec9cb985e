package com.aliaport.ops.reportqueue;

import com.aliaport.ops.common.GroupCommit;
import com.aliaport.ops.common.Loops;
import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportDataException;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.reportqueue.db.ReportTaskRepository;
import com.aliaport.ops.storage.ReportKeys;
import com.aliaport.ops.storage.ReportStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report worker slots of one node: each slot takes one task at a time from the transport, claims it in
 * PostgreSQL (fencing token + lease), runs the report in its own thread while the slot heartbeats, enforces
 * cancel and the soft and hard limits, stores the file and records the one result. A slot survives Redis and
 * PostgreSQL outages by waiting and starting over from its own unsettled messages.
 */
public final class ReportWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportWorkers.class);
    private static final Duration BLOCK = Duration.ofSeconds(2);
    private static final Duration MAX_OUTAGE_PAUSE = Duration.ofSeconds(5);

    private final ReportTaskRepository tasks;
    private final ReportQueue queue;
    private final ReportStorage storage;
    private final Map<String, ReportBuilder> builders;
    private final ReportQueueSettings settings;
    private final Clock clock;
    private final String nodeId;
    private final int slots;
    private final Path scratch;
    private final List<Thread> threads = new ArrayList<>();
    /** Report bodies run here, so that a slot can walk away from one that ignores stop requests. */
    private final java.util.concurrent.ExecutorService reportThreads =
            java.util.concurrent.Executors.newCachedThreadPool(
                    r -> Thread.ofPlatform().daemon(true).unstarted(r));

    /** Results of all slots, written together (group commit): a slot hands its SUCCESS over and moves on. */
    private final GroupCommit<ReportTaskRepository.Success, Boolean> results;
    /** Stream messages of claimed tasks, acknowledged together and off the slots' path. */
    private final GroupCommit<ReportQueue.Delivery, Void> settlements;

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
        this.storage = storage;
        this.builders = builders.stream().collect(Collectors.toMap(ReportBuilder::type, Function.identity()));
        this.settings = settings;
        this.clock = clock;
        this.nodeId = nodeId;
        this.slots = slots;
        this.scratch = scratch;
        this.results = new GroupCommit<>("report-results", 500, 10_000, this::writeResults);
        this.settlements = new GroupCommit<>("report-settlements", 500, 10_000, Duration.ofMillis(2), this::settle);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        if (stopped) {
            throw new IllegalStateException("stopped report workers do not start again; make new ones");
        }
        running = true;
        cleanScratch();
        for (int i = 1; i <= slots; i++) {
            String consumer = nodeId + "-" + i;
            threads.add(
                    Thread.ofPlatform().name("report-worker-" + i).daemon(true).start(() -> slotLoop(consumer)));
        }
        log.info("{} report worker slots started on node {}", slots, nodeId);
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
        reportThreads.shutdown();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // Results handed over are written before the node goes; what cannot be, the leases bring back.
        results.close(Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        settlements.close(1_000);
    }

    /** Writes the results of a batch, waiting out a PostgreSQL outage until the node stops. */
    private void writeResults(List<GroupCommit.Entry<ReportTaskRepository.Success, Boolean>> batch) {
        List<ReportTaskRepository.Success> items =
                batch.stream().map(GroupCommit.Entry::item).toList();
        Set<UUID> won = untilWritten(
                items.size() + " report results", () -> !running, () -> tasks.succeedAll(items, clock.instant()));
        batch.forEach(e -> e.result().complete(won.contains(e.item().id())));
    }

    /**
     * Runs {@code write}, waiting out a PostgreSQL outage with growing pauses, until it succeeds or {@code giveUp}
     * says to stop trying; then the last error is thrown.
     */
    private static <T> T untilWritten(String what, BooleanSupplier giveUp, Supplier<T> write) {
        Duration pause = Duration.ofMillis(250);
        while (true) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (giveUp.getAsBoolean()) {
                    throw e;
                }
                log.warn("{}: cannot be recorded yet ({}), retrying", what, e.toString());
                sleep(pause);
                pause = longer(pause);
            }
        }
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

    /** Where a slot reads next: its own unsettled messages (after a start or an outage) or new ones. */
    private static final class SlotState {
        boolean ownPending = true;
        Instant nextReclaim = Instant.MIN;
    }

    private void slotLoop(String consumer) {
        SlotState state = new SlotState();
        Duration pause = Duration.ofMillis(250);
        while (running) {
            if (Loops.runLogged("report worker " + consumer, () -> step(consumer, state))) {
                pause = Duration.ofMillis(250);
            } else {
                // Redis or PostgreSQL away: wait, then start over from this consumer's unsettled messages.
                state.ownPending = true;
                sleep(pause);
                pause = longer(pause);
            }
        }
    }

    private void step(String consumer, SlotState state) {
        boolean own = state.ownPending;
        List<ReportQueue.Delivery> batch = queue.take(consumer, own, BLOCK);
        for (ReportQueue.Delivery d : batch) {
            if (running) {
                handle(consumer, d);
            }
        }
        if (own && batch.isEmpty()) {
            state.ownPending = false;
        }
        Instant now = clock.instant();
        if (!own && batch.isEmpty() && !now.isBefore(state.nextReclaim)) {
            // Idle: take over messages a dead consumer received but never claimed.
            state.nextReclaim = now.plus(settings.lease());
            for (ReportQueue.Delivery d : queue.reclaim(consumer, settings.lease(), 10)) {
                if (running) {
                    handle(consumer, d);
                }
            }
        }
    }

    private void handle(String consumer, ReportQueue.Delivery delivery) {
        Instant now = clock.instant();
        var claimed = tasks.claim(delivery.taskId(), consumer, now, now.plus(settings.lease()));
        settlements.submit(delivery);
        if (claimed.isEmpty()) {
            log.debug("report task {}: not claimable, message {} dropped", delivery.taskId(), delivery.messageId());
            return;
        }
        new Execution(claimed.get(), consumer).run();
    }

    private enum Stop {
        CANCELLED,
        SOFT_LIMIT,
        LEASE_LOST,
        SHUTDOWN
    }

    /** One claimed attempt of one task, supervised by the slot thread. */
    private final class Execution {
        private final ReportTask task;
        private final String consumer;
        private final AtomicReference<Stop> stop = new AtomicReference<>();
        /** When the claim was last confirmed (claim or heartbeat). */
        private Instant lastBeat;

        Execution(ReportTask task, String consumer) {
            this.task = task;
            this.consumer = consumer;
            this.lastBeat = task.startedAt().orElse(Instant.MIN);
        }

        void run() {
            ReportBuilder builder = builders.get(task.type());
            if (builder == null) {
                finish(() -> tasks.finishWithout(
                        task.id(),
                        task.fencingToken(),
                        ReportState.FAILURE,
                        true,
                        ReportErrorCode.INTERNAL,
                        "no report builder for type " + task.type() + " on node " + nodeId,
                        "FAILURE",
                        clock.instant()));
                return;
            }
            log.debug(
                    "report task {} ({}) attempt {} started on {}", task.id(), task.type(), task.attempts(), consumer);
            if (!builder.producesFile()) {
                supervise(builder, null);
                return;
            }
            Path file;
            try {
                Files.createDirectories(scratch);
                file = Files.createTempFile(scratch, "report-" + task.id() + "-", ".xlsx");
            } catch (IOException e) {
                failed(new IOException("cannot create a scratch file in " + scratch + ": " + e.getMessage(), e));
                return;
            }
            try {
                supervise(builder, file);
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("report task {}: scratch file {} left behind: {}", task.id(), file, e.getMessage());
                }
            }
        }

        private void supervise(ReportBuilder builder, Path file) {
            Instant started = clock.instant();
            Instant softAt = started.plus(settings.softLimit());
            Instant hardAt = started.plus(settings.hardLimit());
            Instant cancelDeadline = null;
            CompletableFuture<Void> body = new CompletableFuture<>();
            AtomicReference<Thread> runner = new AtomicReference<>();
            reportThreads.execute(() -> {
                runner.set(Thread.currentThread());
                Thread.currentThread().setName("report-" + task.id());
                try (OutputStream out = file == null ? OutputStream.nullOutputStream() : Files.newOutputStream(file)) {
                    builder.write(task.parameters(), out, new Progress(this::stopRequested));
                    body.complete(null);
                } catch (Throwable t) {
                    body.completeExceptionally(t);
                } finally {
                    runner.set(null);
                    Thread.interrupted();
                }
            });
            Runnable interrupt = () -> {
                Thread t = runner.get();
                if (t != null) {
                    t.interrupt();
                }
            };
            while (true) {
                try {
                    body.get(settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException stillRunning) {
                    Instant now = clock.instant();
                    if (!now.isBefore(hardAt)) {
                        interrupt.run();
                        log.warn(
                                "report task {} passed its hard limit of {} s; abandoned, slot freed",
                                task.id(),
                                settings.hardLimit().toSeconds());
                        finish(() -> tasks.finishWithout(
                                task.id(),
                                task.fencingToken(),
                                ReportState.FAILURE,
                                false,
                                ReportErrorCode.TIMED_OUT,
                                "time-out: the report passed its hard limit of "
                                        + settings.hardLimit().toSeconds() + " s",
                                "TIMED_OUT",
                                clock.instant()));
                        return;
                    }
                    if (!now.isBefore(softAt) && stop.compareAndSet(null, Stop.SOFT_LIMIT)) {
                        log.warn(
                                "report task {} passed its soft limit of {} s, asking it to stop",
                                task.id(),
                                settings.softLimit().toSeconds());
                        interrupt.run();
                    }
                    if (!running) {
                        stop.compareAndSet(null, Stop.SHUTDOWN);
                    }
                    ReportTaskRepository.Heartbeat beat = heartbeat(now);
                    if (beat == ReportTaskRepository.Heartbeat.LOST) {
                        stop.compareAndSet(null, Stop.LEASE_LOST);
                        interrupt.run();
                        log.warn(
                                "report task {}: claim {} lost to another worker; result will not be written",
                                task.id(),
                                task.fencingToken());
                        return;
                    }
                    if (beat == ReportTaskRepository.Heartbeat.CANCEL_REQUESTED
                            && stop.compareAndSet(null, Stop.CANCELLED)) {
                        log.info("report task {}: cancel requested, asking the report to stop", task.id());
                    }
                    if (stop.get() == Stop.CANCELLED || stop.get() == Stop.SHUTDOWN) {
                        if (cancelDeadline == null) {
                            cancelDeadline = now.plus(settings.cancelGrace());
                        } else if (!now.isBefore(cancelDeadline)) {
                            // The report ignored the request: abandon its thread so the slot is free again.
                            interrupt.run();
                            body.completeExceptionally(new com.aliaport.ops.report.ReportStoppedException("abandoned"));
                        }
                    }
                } catch (ExecutionException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Throwable failure = body.isCompletedExceptionally() ? causeOf(body) : null;
            Stop reason = stop.get();
            if (reason == Stop.LEASE_LOST) {
                return;
            }
            if (reason == Stop.CANCELLED) {
                finish(() -> tasks.finishWithout(
                        task.id(),
                        task.fencingToken(),
                        ReportState.CANCELLED,
                        false,
                        ReportErrorCode.CANCELLED,
                        "cancelled",
                        "CANCELLED",
                        clock.instant()));
                log.info("report task {} cancelled", task.id());
                return;
            }
            if (reason == Stop.SHUTDOWN && failure != null) {
                // Not the report's fault: try again soon on this node or another.
                finish(() -> tasks.retryLater(
                        task.id(),
                        task.fencingToken(),
                        ReportErrorCode.INTERNAL,
                        "interrupted by daemon shutdown",
                        clock.instant(),
                        clock.instant()));
                return;
            }
            if (reason == Stop.SOFT_LIMIT && failure != null) {
                finish(() -> tasks.finishWithout(
                        task.id(),
                        task.fencingToken(),
                        ReportState.FAILURE,
                        false,
                        ReportErrorCode.TIMED_OUT,
                        "time-out: stopped at the soft limit of "
                                + settings.softLimit().toSeconds() + " s",
                        "TIMED_OUT",
                        clock.instant()));
                return;
            }
            if (failure != null) {
                failed(failure);
                return;
            }
            if (file == null) {
                recordSuccess(Optional.empty());
            } else {
                store(file);
            }
        }

        private void store(Path file) {
            String key = ReportKeys.keyOf(task.type(), task.requestedBy(), task.createdAt(), task.id());
            long size;
            try {
                size = Files.size(file);
                // Upload only while the claim is still ours; the key is the task's, so even a late upload
                // by a worker that lost its claim overwrites the same one file.
                if (Duration.between(lastBeat, clock.instant()).compareTo(settings.heartbeat()) >= 0
                        && heartbeat(clock.instant()) == ReportTaskRepository.Heartbeat.LOST) {
                    log.warn("report task {}: claim lost before upload; not storing", task.id());
                    return;
                }
                storage.put(key, file, ReportStorage.XLSX, ReportKeys.downloadName(task.type(), task.createdAt()));
            } catch (IOException | RuntimeException e) {
                failed(e);
                return;
            }
            recordSuccess(Optional.of(new ReportTaskRepository.StoredFile(
                    key, size, clock.instant().plus(settings.fileRetention()))));
        }

        /** Hands the SUCCESS to the group commit of results; the slot does not wait for its WAL flush. */
        private void recordSuccess(Optional<ReportTaskRepository.StoredFile> file) {
            results.submit(new ReportTaskRepository.Success(task.id(), task.fencingToken(), file))
                    .whenComplete((won, error) -> {
                        if (error != null) {
                            log.warn(
                                    "report task {}: result not written ({}); its lease will bring it back",
                                    task.id(),
                                    error.toString());
                        } else if (won) {
                            log.info(
                                    "report task {} SUCCESS{}",
                                    task.id(),
                                    file.map(f -> ": " + f.key() + " (" + f.sizeBytes() + " bytes)")
                                            .orElse(""));
                        } else {
                            log.warn(
                                    "report task {}: result not accepted, claim {} is no longer current",
                                    task.id(),
                                    task.fencingToken());
                        }
                    });
        }

        private void failed(Throwable failure) {
            ReportErrorCode.Failure classified = ReportErrorCode.classify(failure);
            ReportErrorCode code = classified.code();
            String error = classified.detail();
            // Bad parameters and data that cannot give a correct report (a missing rate) fail at once: a retry
            // would meet the same data. Only transient faults (I/O, a database hiccup) are retried.
            boolean permanent = isPermanent(failure);
            if (!permanent && task.attempts() < task.maxAttempts()) {
                Instant retryAt = clock.instant().plus(settings.backoffAfter(task.attempts()));
                log.warn(
                        "report task {} attempt {} failed, retrying at {}: {}",
                        task.id(),
                        task.attempts(),
                        retryAt,
                        error);
                finish(() -> tasks.retryLater(task.id(), task.fencingToken(), code, error, retryAt, clock.instant()));
            } else {
                log.error("report task {} failed for good after {} attempts: {}", task.id(), task.attempts(), error);
                finish(() -> tasks.finishWithout(
                        task.id(),
                        task.fencingToken(),
                        ReportState.FAILURE,
                        !permanent,
                        code,
                        error,
                        "FAILURE",
                        clock.instant()));
            }
        }

        private ReportTaskRepository.Heartbeat heartbeat(Instant now) {
            try {
                ReportTaskRepository.Heartbeat beat =
                        tasks.heartbeat(task.id(), task.fencingToken(), now.plus(settings.lease()));
                if (beat != ReportTaskRepository.Heartbeat.LOST) {
                    lastBeat = now;
                }
                return beat;
            } catch (RuntimeException e) {
                // PostgreSQL away: keep working; if the outage outlasts the lease, the fencing token decides.
                log.warn("report task {}: heartbeat failed ({})", task.id(), e.toString());
                return ReportTaskRepository.Heartbeat.HELD;
            }
        }

        /**
         * Writes a result, waiting out a PostgreSQL outage. Gives up only when the daemon stops; the lease
         * then brings the task back.
         */
        private boolean finish(BooleanSupplier write) {
            try {
                return untilWritten(
                        "report task " + task.id() + " result",
                        () -> !running && stop.get() != null,
                        write::getAsBoolean);
            } catch (RuntimeException e) {
                log.warn("report task {}: result not written before shutdown ({})", task.id(), e.toString());
                return false;
            }
        }

        private boolean stopRequested() {
            return stop.get() != null;
        }

        /** Progress for the report: kept in memory, written at most every {@code progressInterval}. */
        private final class Progress implements ReportProgress {
            private final BooleanSupplier stopRequested;
            private Instant lastWrite = Instant.MIN;

            Progress(BooleanSupplier stopRequested) {
                this.stopRequested = stopRequested;
            }

            @Override
            public void update(long current, long total, String status) {
                Instant now = clock.instant();
                if (Duration.between(lastWrite, now).compareTo(settings.progressInterval()) < 0 && current < total) {
                    return;
                }
                lastWrite = now;
                try {
                    if (!tasks.progress(task.id(), task.fencingToken(), current, total, status, now)) {
                        stop.compareAndSet(null, Stop.LEASE_LOST);
                    }
                } catch (RuntimeException e) {
                    log.debug("report task {}: progress not written ({})", task.id(), e.toString());
                }
            }

            @Override
            public boolean stopRequested() {
                return stopRequested.getAsBoolean();
            }
        }
    }

    private static Throwable causeOf(CompletableFuture<Void> f) {
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidReportParameterException || t instanceof ReportDataException) {
                return true;
            }
        }
        return false;
    }

    /** The next pause of a wait out an outage: twice as long, at most {@link #MAX_OUTAGE_PAUSE}. */
    private static Duration longer(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(MAX_OUTAGE_PAUSE) > 0 ? MAX_OUTAGE_PAUSE : doubled;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
