package com.aliaport.ops.console.history;

import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import com.aliaport.ops.jobrun.JobRunSearch;
import com.aliaport.ops.jobrun.JobRunSearch.Listed;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.jobrun.RunFilter;
import com.aliaport.ops.jobrun.TriggerKind;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The run history's state: the filter, one page of runs (keyset paging: a stack of the ids the pages start
 * after), the count, and live updates — a notification about a run on the page re-reads that run; a new run
 * that fits the filter appears on the first page. Nothing here waits on the database on the UI thread.
 */
public final class RunHistoryModel {
    public static final int PAGE_SIZE = 50;
    private static final Pattern RUN_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final JobRunSearch search;
    private final Ui ui;
    private final ZoneId zone;
    private final Consumer<Throwable> onError;

    public final ObjectProperty<String> job = new SimpleObjectProperty<>();
    public final ObjectProperty<JobRunStatus> status = new SimpleObjectProperty<>();
    public final ObjectProperty<TriggerKind> triggerKind = new SimpleObjectProperty<>();
    public final ObjectProperty<String> node = new SimpleObjectProperty<>();
    public final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    public final ObjectProperty<LocalDate> until = new SimpleObjectProperty<>();

    private final ObservableList<Listed> runs = FXCollections.observableArrayList();
    private final ObservableList<String> jobIds = FXCollections.observableArrayList();
    private final ObservableList<String> nodeIds = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<JobRunSearch.Count> count = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper pageNumber = new ReadOnlyIntegerWrapper(1);
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final List<Optional<Long>> pageStarts = new ArrayList<>(List.of(Optional.empty()));
    private final Set<Long> changed = new HashSet<>();
    private boolean refreshing;
    private long generation;
    private RunFilter current = RunFilter.ALL;

    public RunHistoryModel(JobRunSearch search, Ui ui, LiveEvents live, ZoneId zone, Consumer<Throwable> onError) {
        this.search = search;
        this.ui = ui;
        this.zone = zone;
        this.onError = onError;
        live.on("job_runs", this::changed);
        live.onReconnect(this::reload);
    }

    /** Reads the choices of the job and node filters. */
    public void loadChoices() {
        ui.background(
                () -> List.of(search.distinctJobIds(), search.distinctNodeIds()),
                lists -> {
                    jobIds.setAll(lists.get(0));
                    nodeIds.setAll(lists.get(1));
                },
                onError);
    }

    /** Applies the filter as it stands: back to the first page, count again. */
    public void apply() {
        current = new RunFilter(
                Optional.ofNullable(job.get()),
                Optional.ofNullable(status.get()),
                Optional.ofNullable(triggerKind.get()),
                Optional.ofNullable(node.get()),
                Optional.ofNullable(from.get()).map(d -> d.atStartOfDay(zone).toInstant()),
                Optional.ofNullable(until.get())
                        .map(d -> d.plusDays(1).atStartOfDay(zone).toInstant()));
        pageStarts.clear();
        pageStarts.add(Optional.empty());
        load();
        count.set(null); // another filter's count
        recount();
    }

    /** Counts the runs the filter matches; until a count is in, the view says "…". */
    private void recount() {
        RunFilter counted = current;
        ui.background(
                () -> search.count(counted),
                c -> {
                    if (counted.equals(current)) {
                        count.set(c);
                    }
                },
                onError);
    }

    public void next() {
        if (hasMore.get() && !runs.isEmpty()) {
            pageStarts.add(Optional.of(runs.getLast().run().id()));
            load();
        }
    }

    public void previous() {
        if (pageStarts.size() > 1) {
            pageStarts.removeLast();
            load();
        }
    }

    /** Reads the page again, and the count (runs were added since): F5, and each time the screen is shown. */
    public void reload() {
        load();
        recount();
    }

    private void load() {
        long mine = ++generation;
        RunFilter filter = current;
        Optional<Long> start = pageStarts.getLast();
        loading.set(true);
        ui.background(
                () -> search.page(filter, start, PAGE_SIZE),
                page -> {
                    if (mine != generation) {
                        return;
                    }
                    runs.setAll(page.runs());
                    hasMore.set(page.hasMore());
                    pageNumber.set(pageStarts.size());
                    loading.set(false);
                },
                e -> {
                    loading.set(false);
                    onError.accept(e);
                });
    }

    /** A notification from {@code job_runs}: gathered, then the changed runs are read in one query. */
    void changed(String payload) {
        Matcher m = RUN_ID.matcher(payload);
        if (!m.find()) {
            return;
        }
        changed.add(Long.parseLong(m.group(1)));
        if (!refreshing) {
            flushChanges();
        }
    }

    private void flushChanges() {
        Set<Long> ids = Set.copyOf(changed);
        changed.clear();
        refreshing = true;
        ui.background(() -> search.byIds(ids), this::merge, e -> {
            refreshing = false;
            onError.accept(e);
        });
    }

    private void merge(List<Listed> fresh) {
        boolean firstPage = pageStarts.size() == 1;
        long top = runs.isEmpty() ? Long.MIN_VALUE : runs.getFirst().run().id();
        List<Listed> added = new ArrayList<>();
        for (Listed run : fresh) {
            int at = indexOf(run.run().id());
            if (at >= 0) {
                runs.set(at, run);
            } else if (firstPage && run.run().id() > top && current.matches(run.run(), run.createdAt())) {
                added.add(run);
            }
        }
        if (!added.isEmpty()) {
            added.sort((a, b) -> Long.compare(b.run().id(), a.run().id()));
            runs.addAll(0, added);
            if (runs.size() > PAGE_SIZE) {
                runs.remove(PAGE_SIZE, runs.size());
                hasMore.set(true);
            }
        }
        refreshing = false;
        if (!changed.isEmpty()) {
            flushChanges();
        }
    }

    private int indexOf(long id) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).run().id() == id) {
                return i;
            }
        }
        return -1;
    }

    public RunFilter filter() {
        return current;
    }

    public ObservableList<Listed> runs() {
        return runs;
    }

    public ObservableList<String> jobIds() {
        return jobIds;
    }

    public ObservableList<String> nodeIds() {
        return nodeIds;
    }

    public ReadOnlyObjectProperty<JobRunSearch.Count> count() {
        return count.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageNumber() {
        return pageNumber.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasMore() {
        return hasMore.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loading() {
        return loading.getReadOnlyProperty();
    }

    public boolean hasPrevious() {
        return pageStarts.size() > 1;
    }
}
