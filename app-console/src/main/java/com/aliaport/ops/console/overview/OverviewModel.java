package com.aliaport.ops.console.overview;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.console.fx.Reload;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The overview's state: the last read, reloaded when runs, commands or reports change (gathered, at most one
 * read in flight) and, from the view, every few seconds for the nodes' check-ins, which change with time alone.
 */
public final class OverviewModel {
    private final ReadOnlyObjectWrapper<Overview> overview = new ReadOnlyObjectWrapper<>();
    private final Reload<Overview> reload;

    public OverviewModel(OverviewService service, Ui ui, LiveEvents live, Consumer<Throwable> onError) {
        this.reload = new Reload<>(ui, service::read, overview::set, onError);
        for (String channel : new String[] {"job_runs", "operator_commands"}) {
            live.on(channel, payload -> refresh());
        }
        live.on("report_progress", payload -> {
            if (!progressTick(payload)) {
                refresh();
            }
        });
        live.onReconnect(this::refresh);
    }

    public void refresh() {
        reload.run();
    }

    public ReadOnlyObjectProperty<Overview> overview() {
        return overview.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loading() {
        return reload.loading();
    }

    /**
     * A running report's progress: it changes neither the queue's length nor the busy slots (both count STARTED
     * and PROGRESS alike), so fifty running reports do not keep the overview re-reading.
     */
    static boolean progressTick(String payload) {
        try {
            return "PROGRESS".equals(Json.read(payload, java.util.Map.class).get("state"));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }
}
