package com.aliaport.ops.console.overview;

import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The overview's state: the last read, reloaded when runs, commands or reports change (gathered, at most one
 * read in flight) and every few seconds for the nodes' check-ins, which change with time alone.
 */
public final class OverviewModel {
    private final OverviewService service;
    private final Ui ui;
    private final Consumer<Throwable> onError;
    private final ReadOnlyObjectWrapper<Overview> overview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private boolean again;

    public OverviewModel(OverviewService service, Ui ui, LiveEvents live, Consumer<Throwable> onError) {
        this.service = service;
        this.ui = ui;
        this.onError = onError;
        for (String channel : new String[] {"job_runs", "operator_commands", "report_progress"}) {
            live.on(channel, payload -> refresh());
        }
        live.onReconnect(this::refresh);
    }

    public void refresh() {
        if (loading.get()) {
            again = true;
            return;
        }
        loading.set(true);
        ui.background(
                service::read,
                o -> {
                    overview.set(o);
                    done();
                },
                e -> {
                    done();
                    onError.accept(e);
                });
    }

    private void done() {
        loading.set(false);
        if (again) {
            again = false;
            refresh();
        }
    }

    public ReadOnlyObjectProperty<Overview> overview() {
        return overview.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loading() {
        return loading.getReadOnlyProperty();
    }
}
