package com.aliaport.ops.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers hand in items and get a future; one thread writes whatever has gathered since its last
 * write as one batch (one statement, one commit), so callers that arrive together share one durable commit
 * instead of paying one each. A lone item goes out at once: nothing waits to fill a batch. With
 * {@link #writeOrSubmit} a caller that finds nothing being written writes its item itself, sparing the hand-over
 * to the thread and back (two thread wake-ups, each a chance to wait for a core on a busy two-core machine);
 * callers that arrive while something is being written queue up and go out together as before.
 *
 * <p>The writer completes each entry's future; entries it leaves open fail, and a writer that throws fails every
 * entry still open in its batch. A full queue makes callers wait (back-pressure), it never drops an item.
 */
public final class GroupCommit<I, O> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** One item on its way, with the future its caller holds. */
    public record Entry<I, O>(I item, CompletableFuture<O> result) {}

    /** Writes one batch and completes its entries' futures. */
    @FunctionalInterface
    public interface BatchWriter<I, O> {
        void write(List<Entry<I, O>> batch);
    }

    private final String name;
    private final BatchWriter<I, O> writer;
    private final int maxBatch;
    private final long lingerNanos;
    private final LinkedBlockingQueue<Entry<I, O>> queue;
    private final Thread thread;
    /** Batches being written right now, by the thread or by callers. */
    private final AtomicInteger writing = new AtomicInteger();

    private volatile boolean open = true;

    public GroupCommit(String name, int maxBatch, int capacity, BatchWriter<I, O> writer) {
        this(name, maxBatch, capacity, Duration.ZERO, writer);
    }

    /**
     * With a {@code linger}: after the first item of a batch arrives, wait that long for more before writing. For
     * writes nobody waits on (acknowledgements), where fewer, larger batches save work and the delay costs nothing.
     */
    public GroupCommit(String name, int maxBatch, int capacity, Duration linger, BatchWriter<I, O> writer) {
        this.name = name;
        this.lingerNanos = linger.toNanos();
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    /** Queues {@code item}; the future completes when its batch is written (or fails with why it was not). */
    public CompletableFuture<O> submit(I item) {
        Entry<I, O> entry = new Entry<>(item, new CompletableFuture<>());
        if (!open) {
            entry.result().completeExceptionally(new IllegalStateException(name + " is closed"));
            return entry.result();
        }
        try {
            queue.put(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entry.result().completeExceptionally(e);
        }
        return entry.result();
    }

    /**
     * Writes {@code item} in the calling thread when nothing is being written, else queues it like
     * {@link #submit}. For callers that wait for the answer anyway; a caller that streams items without waiting
     * must use {@link #submit}, or it would write them one by one.
     */
    public CompletableFuture<O> writeOrSubmit(I item) {
        if (open && queue.isEmpty() && writing.compareAndSet(0, 1)) {
            Entry<I, O> entry = new Entry<>(item, new CompletableFuture<>());
            try {
                List<Entry<I, O>> batch = new ArrayList<>(1); // the loop's list class: one type for the writer's code
                batch.add(entry);
                writeBatch(batch);
            } finally {
                writing.decrementAndGet();
            }
            return entry.result();
        }
        return submit(item);
    }

    /** The items of a batch, in its order. */
    public static <I> List<I> items(List<? extends Entry<I, ?>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        for (Entry<I, ?> entry : batch) {
            items.add(entry.item());
        }
        return items;
    }

    private void loop() {
        while (open || !queue.isEmpty()) {
            List<Entry<I, O>> batch = new ArrayList<>();
            try {
                Entry<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (lingerNanos > 0) {
                    Thread.sleep(Duration.ofNanos(lingerNanos));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            writing.incrementAndGet();
            try {
                queue.drainTo(batch, maxBatch - 1);
                writeBatch(batch);
            } finally {
                writing.decrementAndGet();
            }
        }
    }

    private void writeBatch(List<Entry<I, O>> batch) {
        try {
            writer.write(batch);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            log.warn("{}: batch of {} not written: {}", name, batch.size(), e.toString());
            batch.forEach(entry -> entry.result().completeExceptionally(e));
        }
        for (Entry<I, O> entry : batch) {
            if (!entry.result().isDone()) {
                entry.result()
                        .completeExceptionally(
                                new IllegalStateException(name + ": the batch writer left an entry open"));
            }
        }
    }

    /** Stops taking items, writes what is queued, and waits up to {@code timeoutMillis} for that to finish. */
    public void close(long timeoutMillis) {
        open = false; // the thread sees it within one poll timeout; not interrupted, so a write in progress ends well
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Entry<I, O> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException(name + " closed before writing this"));
        }
    }

    @Override
    public void close() {
        close(10_000);
    }
}
