package com.aliaport.ops.console.reports;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import com.aliaport.ops.reportqueue.AttemptRow;
import com.aliaport.ops.reportqueue.DeskFilter;
import com.aliaport.ops.reportqueue.DeskTask;
import com.aliaport.ops.reportqueue.ReportDesk;
import com.aliaport.ops.reportqueue.ReportState;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The report desk's state: the newest tasks under a filter, kept live from {@code report_progress}. A progress
 * notification carries the task's numbers, so a moving bar costs no query; a change of state reads the task
 * again (gathered), and a new task reloads the first page.
 */
public final class ReportsModel {
    public static final int PAGE_SIZE = 100;

    private final ReportDesk desk;
    private final Ui ui;
    private final ZoneId zone;
    private final Consumer<Throwable> onError;

    public final ObjectProperty<String> requester = new SimpleObjectProperty<>();
    public final ObjectProperty<String> type = new SimpleObjectProperty<>();
    public final ObjectProperty<ReportState> state = new SimpleObjectProperty<>();
    public final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    public final ObjectProperty<LocalDate> until = new SimpleObjectProperty<>();
    public final BooleanProperty deadOnly = new SimpleBooleanProperty();

    private final ObservableList<DeskTask> tasks = FXCollections.observableArrayList();
    private final ObservableList<String> requesters = FXCollections.observableArrayList();
    private final ObservableList<AttemptRow> attempts = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final Set<UUID> stale = new HashSet<>();
    private boolean rereading;
    private boolean reloadAfter;
    private DeskFilter current = DeskFilter.ALL;

    public ReportsModel(ReportDesk desk, Ui ui, LiveEvents live, ZoneId zone, Consumer<Throwable> onError) {
        this.desk = desk;
        this.ui = ui;
        this.zone = zone;
        this.onError = onError;
        live.on("report_progress", this::changed);
        live.onReconnect(this::apply);
    }

    public void apply() {
        current = new DeskFilter(
                Optional.ofNullable(requester.get()),
                Optional.ofNullable(type.get()),
                Optional.ofNullable(state.get()),
                Optional.ofNullable(from.get()).map(d -> d.atStartOfDay(zone).toInstant()),
                Optional.ofNullable(until.get())
                        .map(d -> d.plusDays(1).atStartOfDay(zone).toInstant()),
                deadOnly.get());
        load();
        ui.background(desk::requesters, requesters::setAll, onError);
    }

    private void load() {
        if (loading.get()) {
            reloadAfter = true;
            return;
        }
        loading.set(true);
        DeskFilter filter = current;
        ui.background(
                () -> desk.page(filter, Optional.empty(), Optional.empty(), PAGE_SIZE),
                page -> {
                    tasks.setAll(page);
                    loaded();
                },
                e -> {
                    loaded();
                    onError.accept(e);
                });
    }

    private void loaded() {
        loading.set(false);
        if (reloadAfter) {
            reloadAfter = false;
            load();
        }
    }

    /** A {@code report_progress} notification: {@code {"id", "type", "user", "state", "current", "total", "status"}}. */
    @SuppressWarnings("unchecked")
    void changed(String payload) {
        Map<String, Object> n = Json.read(payload, Map.class);
        UUID id = UUID.fromString(String.valueOf(n.get("id")));
        int at = indexOf(id);
        if (at < 0) {
            load(); // a new task, or one the page does not hold: the first page decides
            return;
        }
        DeskTask task = tasks.get(at);
        ReportState now = ReportState.valueOf(String.valueOf(n.get("state")));
        if (now == task.state()) {
            tasks.set(
                    at,
                    withProgress(task, number(n.get("current")), number(n.get("total")), Optional.ofNullable((String)
                            n.get("status"))));
        } else {
            stale.add(id);
            if (!rereading) {
                reread();
            }
        }
    }

    private void reread() {
        Set<UUID> ids = Set.copyOf(stale);
        stale.clear();
        rereading = true;
        ui.background(
                () -> desk.byIds(ids),
                fresh -> {
                    for (DeskTask t : fresh) {
                        int at = indexOf(t.id());
                        if (at >= 0) {
                            tasks.set(at, t);
                        }
                    }
                    rereading = false;
                    if (!stale.isEmpty()) {
                        reread();
                    }
                },
                e -> {
                    rereading = false;
                    onError.accept(e);
                });
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0L;
    }

    static DeskTask withProgress(DeskTask t, long current, long total, Optional<String> status) {
        return new DeskTask(
                t.id(),
                t.type(),
                t.requestedBy(),
                t.parameters(),
                t.state(),
                current,
                total,
                status.or(t::progressStatus),
                t.attempts(),
                t.maxAttempts(),
                t.deadLettered(),
                t.cancelRequested(),
                t.sizeBytes(),
                t.error(),
                t.createdAt(),
                t.startedAt(),
                t.finishedAt(),
                t.storageKey());
    }

    private int indexOf(UUID id) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    public void loadAttempts(DeskTask task) {
        if (task == null) {
            attempts.clear();
            return;
        }
        ui.background(() -> desk.attempts(task.id()), attempts::setAll, onError);
    }

    public ObservableList<DeskTask> tasks() {
        return tasks;
    }

    public ObservableList<String> requesters() {
        return requesters;
    }

    public ObservableList<AttemptRow> attempts() {
        return attempts;
    }

    public ReadOnlyBooleanProperty loading() {
        return loading.getReadOnlyProperty();
    }

    static List<String> types() {
        return List.of("barinma", "manifest", "cari-ekstre");
    }
}
