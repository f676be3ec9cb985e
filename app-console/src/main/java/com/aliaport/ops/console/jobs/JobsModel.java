package com.aliaport.ops.console.jobs;

import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The jobs list, reloaded when a run or a command changes something. */
public final class JobsModel {
    private final JobsService service;
    private final Ui ui;
    private final Consumer<Throwable> onError;
    private final ObservableList<JobRow> jobs = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private boolean again;

    public JobsModel(JobsService service, Ui ui, LiveEvents live, Consumer<Throwable> onError) {
        this.service = service;
        this.ui = ui;
        this.onError = onError;
        live.on("job_runs", p -> refresh());
        live.on("operator_commands", p -> refresh());
        live.onReconnect(this::refresh);
    }

    public void refresh() {
        if (loading.get()) {
            again = true;
            return;
        }
        loading.set(true);
        ui.background(service::list, this::show, e -> {
            finish();
            onError.accept(e);
        });
    }

    private void show(List<JobRow> rows) {
        jobs.setAll(rows);
        finish();
    }

    private void finish() {
        loading.set(false);
        if (again) {
            again = false;
            refresh();
        }
    }

    public ObservableList<JobRow> jobs() {
        return jobs;
    }

    public ReadOnlyBooleanProperty loading() {
        return loading.getReadOnlyProperty();
    }
}
