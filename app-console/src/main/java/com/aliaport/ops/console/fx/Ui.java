package com.aliaport.ops.console.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread and hands its result (or error) back on it. View-models use this and nothing
 * else to reach the database; {@link #direct()} runs everything on the caller's thread, for view-model tests
 * without JavaFX.
 */
public interface Ui {
    <T> void background(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError);

    /** Runs on the UI thread (now when already there). */
    void later(Runnable action);

    static Ui direct() {
        return new Ui() {
            @Override
            public <T> void background(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
                T result;
                try {
                    result = work.call();
                } catch (Exception e) {
                    onError.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }

            @Override
            public void later(Runnable action) {
                action.run();
            }
        };
    }
}
