package com.aliaport.ops.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Reads rows on a second thread while the calling thread writes them, so the database read (and the mapping of
 * rows) overlaps with the POI writing instead of adding to it. At most {@value #DEPTH} batches wait in between:
 * memory stays bounded whatever the number of rows.
 *
 * <p>The reader pushes rows into a sink (a repository's streaming method); the writer gets them in batches on the
 * caller's thread. A failure on either side stops both and reaches the caller, as does a
 * {@link ReportStoppedException} thrown by the writer between batches.
 */
public final class RowPipe<T> {
    private static final int DEPTH = 4;

    /** The reading side: pushes every row into the sink, in order. */
    @FunctionalInterface
    public interface Source<T> {
        void readInto(Consumer<T> sink);
    }

    /** The writing side: one batch at a time. */
    @FunctionalInterface
    public interface BatchWriter<T> {
        void write(List<T> batch) throws IOException;
    }

    private final BlockingQueue<List<T>> queue = new ArrayBlockingQueue<>(DEPTH);
    private final List<T> end = new ArrayList<>(0);
    private final AtomicBoolean writerGone = new AtomicBoolean();
    private final AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    private final int batchSize;
    private List<T> filling;

    private RowPipe(int batchSize) {
        this.batchSize = batchSize;
        this.filling = new ArrayList<>(batchSize);
    }

    public static <T> void run(String name, int batchSize, Source<T> source, BatchWriter<T> writer) throws IOException {
        new RowPipe<T>(batchSize).pump(name, source, writer);
    }

    private void pump(String name, Source<T> source, BatchWriter<T> writer) throws IOException {
        Thread reader = Thread.ofPlatform().name(name + "-reader").daemon(true).start(() -> read(source));
        try {
            for (List<T> batch = queue.take(); batch != end; batch = queue.take()) {
                writer.write(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportStoppedException(name + " was interrupted");
        } finally {
            writerGone.set(true);
            queue.clear();
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable failure = readerFailure.get();
        if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new IllegalStateException(name + " could not read its rows: " + failure, failure);
        }
    }

    private void read(Source<T> source) {
        try {
            source.readInto(row -> {
                filling.add(row);
                if (filling.size() == batchSize) {
                    hand(filling);
                    filling = new ArrayList<>(batchSize);
                }
            });
            if (!filling.isEmpty()) {
                hand(filling);
            }
        } catch (WriterGone gone) {
            return;
        } catch (Throwable t) {
            readerFailure.set(t);
        }
        try {
            hand(end);
        } catch (WriterGone gone) {
            // nobody waits for the end any more
        }
    }

    private void hand(List<T> batch) {
        if (writerGone.get()) {
            throw new WriterGone();
        }
        try {
            while (!queue.offer(batch, 50, TimeUnit.MILLISECONDS)) {
                if (writerGone.get()) {
                    throw new WriterGone();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriterGone();
        }
    }

    /** Unwinds the reader (and closes its database cursor) once the writer stopped taking batches. */
    private static final class WriterGone extends RuntimeException {
        WriterGone() {
            super(null, null, false, false);
        }
    }
}
