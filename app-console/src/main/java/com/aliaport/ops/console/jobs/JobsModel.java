package com.aliaport.ops.console.jobs;

import com.aliaport.ops.console.fx.Reload;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The jobs list, reloaded when a run or a command changes something. */
public final class JobsModel {
    private final ObservableList<JobRow> jobs = FXCollections.observableArrayList();
    private final Reload<java.util.List<JobRow>> reload;

    public JobsModel(JobsService service, Ui ui, LiveEvents live, Consumer<Throwable> onError) {
        this.reload = new Reload<>(ui, service::list, jobs::setAll, onError);
        live.on("job_runs", p -> refresh());
        live.on("operator_commands", p -> refresh());
        live.onReconnect(this::refresh);
    }

    public void refresh() {
        reload.run();
    }

    public ObservableList<JobRow> jobs() {
        return jobs;
    }

    public ReadOnlyBooleanProperty loading() {
        return reload.loading();
    }
}
