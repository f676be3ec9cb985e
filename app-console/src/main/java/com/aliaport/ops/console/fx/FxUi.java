package com.aliaport.ops.console.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;

/** {@link Ui} on JavaFX: a {@link Task} on a small pool of daemon threads, results on the FX thread. */
public final class FxUi implements Ui, AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(
            4, Thread.ofPlatform().name("console-bg-", 0).daemon(true).factory());

    @Override
    public <T> void background(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> onError.accept(task.getException()));
        try {
            pool.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The window is closing: nothing is waiting for this result any more.
        }
    }

    @Override
    public void later(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
