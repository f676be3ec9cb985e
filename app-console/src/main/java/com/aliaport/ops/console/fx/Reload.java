package com.aliaport.ops.console.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * A screen's read: at most one in flight; asks that arrive meanwhile (a burst of notifications) are gathered
 * into one more read after it.
 */
public final class Reload<T> {
    private final Ui ui;
    private final Callable<T> read;
    private final Consumer<T> show;
    private final Consumer<Throwable> onError;
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private boolean again;

    public Reload(Ui ui, Callable<T> read, Consumer<T> show, Consumer<Throwable> onError) {
        this.ui = ui;
        this.read = read;
        this.show = show;
        this.onError = onError;
    }

    public void run() {
        if (loading.get()) {
            again = true;
            return;
        }
        loading.set(true);
        ui.background(
                read,
                value -> {
                    show.accept(value);
                    finish();
                },
                e -> {
                    finish();
                    onError.accept(e);
                });
    }

    private void finish() {
        loading.set(false);
        if (again) {
            again = false;
            run();
        }
    }

    public ReadOnlyBooleanProperty loading() {
        return loading.getReadOnlyProperty();
    }
}
