package com.aliaport.ops.console.history;

import com.aliaport.ops.console.commands.CommandModel;
import com.aliaport.ops.console.connect.Role;
import com.aliaport.ops.console.fx.Tables;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Times;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.jobrun.JobRun;
import com.aliaport.ops.jobrun.JobRunSearch;
import com.aliaport.ops.jobrun.JobRunSearch.Listed;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.jobrun.TriggerKind;
import com.aliaport.ops.operatorcommand.CommandKind;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** All of job_runs: filters, a page of runs updating live, a detail pane, rerun and CSV export. */
public final class RunHistoryView implements com.aliaport.ops.console.shell.Screen {
    /** {@code :failed}, {@code :timed-out}, … on the status cell (console.css colours them). */
    private static final java.util.Map<JobRunStatus, javafx.css.PseudoClass> STATUS = java.util.Arrays.stream(
                    JobRunStatus.values())
            .collect(java.util.stream.Collectors.toMap(
                    s -> s,
                    s -> javafx.css.PseudoClass.getPseudoClass(
                            s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))));

    private final RunHistoryModel model;
    private final CommandModel commands;
    private final Texts t;
    private final Ui ui;
    private final JobRunSearch search;
    private final BorderPane root = new BorderPane();
    private final TableView<Listed> table = new TableView<>();
    private final ComboBox<String> job = new ComboBox<>();
    private final Label exportStatus = new Label();

    public RunHistoryView(
            RunHistoryModel model, CommandModel commands, JobRunSearch search, Ui ui, Texts texts, Role role) {
        this.model = model;
        this.commands = commands;
        this.search = search;
        this.ui = ui;
        this.t = texts;
        root.setId("history");
        root.setTop(filters());
        SplitPane split = new SplitPane(tableWithPager(), detail(role));
        split.setDividerPositions(0.77);
        root.setCenter(split);
    }

    private Node filters() {
        job.setId("history-job");
        job.setPromptText(t.get("history.allJobs"));
        job.setItems(model.jobIds());
        nullable(job, t.get("history.allJobs"), s -> s);
        job.valueProperty().bindBidirectional(model.job);
        ComboBox<JobRunStatus> status = new ComboBox<>();
        status.setId("history-status");
        status.getItems().setAll(JobRunStatus.values());
        nullable(status, t.get("history.allStatuses"), s -> t.get("status." + s));
        status.valueProperty().bindBidirectional(model.status);
        ComboBox<TriggerKind> kind = new ComboBox<>();
        kind.setId("history-kind");
        kind.getItems().setAll(TriggerKind.values());
        nullable(kind, t.get("history.allKinds"), k -> t.get("kind." + k));
        kind.valueProperty().bindBidirectional(model.triggerKind);
        ComboBox<String> node = new ComboBox<>();
        node.setId("history-node");
        node.setItems(model.nodeIds());
        nullable(node, t.get("history.allNodes"), s -> s);
        node.valueProperty().bindBidirectional(model.node);
        DatePicker from = day("history-from", "history.from", model.from);
        DatePicker until = day("history-until", "history.until", model.until);
        for (var box : new ComboBox<?>[] {job, status, kind, node}) {
            box.valueProperty().addListener((o, a, b) -> model.apply());
        }
        from.valueProperty().addListener((o, a, b) -> model.apply());
        until.valueProperty().addListener((o, a, b) -> model.apply());
        Button clear = new Button(t.get("history.clear"));
        clear.setId("history-clear");
        clear.setOnAction(e -> {
            job.setValue(null);
            status.setValue(null);
            kind.setValue(null);
            node.setValue(null);
            from.setValue(null);
            until.setValue(null);
        });
        Button export = new Button(t.get("history.export"));
        export.setId("history-export");
        export.setOnAction(e -> export());
        FlowPane bar = new FlowPane(8, 8, job, status, kind, node, from, until, clear, export, exportStatus);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10));
        return bar;
    }

    private DatePicker day(String id, String prompt, javafx.beans.property.ObjectProperty<java.time.LocalDate> value) {
        return com.aliaport.ops.console.fx.DayPicker.bound(id, t.get(prompt), value);
    }

    private static <T> void nullable(ComboBox<T> box, String all, java.util.function.Function<T, String> name) {
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(T v) {
                return v == null ? all : name.apply(v);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        });
        box.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(item == null ? all : name.apply(item));
            }
        });
        // As wide as its longest choice ("Tüm tetikleme türleri"), never cut.
        box.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    }

    private Node tableWithPager() {
        table.setId("history-table");
        table.setItems(model.runs());
        table.getColumns().add(Tables.column("#", 50, l -> Long.toString(l.run().id())));
        table.getColumns()
                .add(Tables.column(t.get("history.job"), 175, l -> l.run().jobId()));
        table.getColumns()
                .add(Tables.column(
                        t.get("history.kind"), 85, l -> t.get("kind." + l.run().triggerKind())));
        table.getColumns()
                .add(Tables.shows(statusColumn(), l -> t.get("status." + l.run().status()), true));
        table.getColumns().add(Tables.column(t.get("history.started"), 142, l -> l.run()
                .startedAt()
                .or(l.run()::scheduledAt)
                .map(Times::shortDateTime)
                .orElse("–")));
        table.getColumns().add(Tables.column(t.get("history.duration"), 78, l -> duration(l.run())));
        table.getColumns().add(progressColumn());
        table.getColumns()
                .add(Tables.column(
                        t.get("history.node"), 80, l -> l.run().nodeId().orElse("–")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.fitText(table);
        table.setPlaceholder(new Label(t.get("history.empty")));
        Tables.copyable(table, t);

        Button previous = new Button("◀ " + t.get("history.previous"));
        previous.setId("history-previous");
        previous.setOnAction(e -> model.previous());
        previous.disableProperty().bind(model.pageNumber().lessThanOrEqualTo(1));
        Button next = new Button(t.get("history.next") + " ▶");
        next.setId("history-next");
        next.setOnAction(e -> model.next());
        next.disableProperty().bind(model.hasMore().not());
        Label page = new Label();
        page.setId("history-page");
        page.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> t.format(
                                "history.page",
                                model.pageNumber().get(),
                                countText(model.count().get())),
                        model.pageNumber(),
                        model.count()));
        HBox pager = new HBox(8, previous, next, page);
        pager.setAlignment(Pos.CENTER_LEFT);
        pager.setPadding(new Insets(6, 10, 6, 10));
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(table, pager);
    }

    private String countText(JobRunSearch.Count c) {
        if (c == null) {
            return "…";
        }
        String n = String.format(t.locale(), "%,d", c.value());
        return c.exact() ? t.format("history.count.exact", n) : t.format("history.count.estimate", n);
    }

    private TableColumn<Listed, Listed> statusColumn() {
        TableColumn<Listed, Listed> c = new TableColumn<>(t.get("history.status"));
        c.setPrefWidth(95);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Listed item, boolean empty) {
                super.updateItem(item, empty);
                JobRunStatus status = empty || item == null ? null : item.run().status();
                // A pseudo-class, not a style class: changing one on a page turn does not rebuild the cell's CSS.
                for (JobRunStatus s : JobRunStatus.values()) {
                    pseudoClassStateChanged(STATUS.get(s), s == status);
                }
                setText(status == null ? null : t.get("status." + status));
            }
        });
        return c;
    }

    private TableColumn<Listed, Listed> progressColumn() {
        TableColumn<Listed, Listed> c = new TableColumn<>(t.get("history.progress"));
        c.setPrefWidth(85);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(Listed item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null || item.run().progressTotal().orElse(0L) <= 0) {
                    setGraphic(null);
                    setText(empty || item == null ? null : "–");
                    return;
                }
                JobRun r = item.run();
                bar.setProgress((double) r.progressCurrent().orElse(0L)
                        / r.progressTotal().get());
                bar.setPrefWidth(70);
                setText(null);
                setGraphic(bar);
            }
        });
        return c;
    }

    private static String duration(JobRun r) {
        if (r.startedAt().isEmpty()) {
            return "–";
        }
        Instant end = r.finishedAt().orElse(Instant.now());
        return Times.duration(Duration.between(r.startedAt().get(), end));
    }

    private Node detail(Role role) {
        Label heading = new Label(t.get("history.detail"));
        heading.getStyleClass().add("title-4");
        GridPane facts = new GridPane(10, 4);
        var labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        facts.getColumnConstraints().add(labels);
        Label message = new Label();
        message.setId("detail-message");
        message.setWrapText(true);
        Label params = new Label();
        params.setId("detail-parameters");
        Label attempt = new Label();
        Label progress = new Label();
        progress.setId("detail-progress");
        Label when = new Label();
        when.setWrapText(true);
        facts.addRow(0, muted("history.message"), message);
        facts.addRow(1, muted("history.parameters"), params);
        facts.addRow(2, muted("history.attempt"), attempt);
        facts.addRow(3, muted("history.progress"), progress);
        facts.addRow(4, muted("history.times"), when);
        TextArea error = new TextArea();
        error.setId("detail-error");
        error.setEditable(false);
        error.getStyleClass().add("monospace");
        error.setPromptText(t.get("history.noError"));
        VBox.setVgrow(error, Priority.ALWAYS);
        Button rerun = new Button(t.get("history.rerun"));
        rerun.setId("history-rerun");
        // The pane may be narrower than "Aynı parametrelerle yeniden çalıştır": two lines then, not an ellipsis.
        rerun.setWrapText(true);
        var selected = table.getSelectionModel().selectedItemProperty();
        rerun.disableProperty()
                .bind(selected.isNull()
                        .or(Bindings.createBooleanBinding(() -> !role.canCommand()))
                        .or(Bindings.createBooleanBinding(
                                () -> selected.get() != null
                                        && selected.get().run().status() == JobRunStatus.RUNNING,
                                selected)));
        rerun.setOnAction(e -> {
            Listed l = selected.get();
            if (l != null) {
                commands.send(CommandKind.RERUN, Long.toString(l.run().id()), Map.of(), () -> {});
            }
        });
        Label commandStatus = new Label();
        commandStatus.setId("history-command-status");
        commandStatus.setWrapText(true);
        commandStatus.textProperty().bind(commands.status());
        selected.addListener((o, old, l) -> {
            if (l == null) {
                message.setText("");
                params.setText("");
                attempt.setText("");
                progress.setText("");
                when.setText("");
                error.setText("");
                return;
            }
            JobRun r = l.run();
            message.setText(r.message().orElse("–"));
            params.setText(
                    r.parameters().isEmpty()
                            ? "–"
                            : r.parameters().entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .collect(Collectors.joining(", ")));
            attempt.setText(Integer.toString(r.attempt()));
            progress.setText(r.progressTotal()
                    .map(tot -> r.progressCurrent().orElse(0L) + " / " + tot)
                    .orElse("–"));
            when.setText(Times.dateTime(r.startedAt()) + " → " + Times.dateTime(r.finishedAt()));
            error.setText(r.error().orElse(""));
        });
        // A live update replaces the selected row's object: show the new state of the same run.
        model.runs().addListener((javafx.collections.ListChangeListener<Listed>) ch -> {
            Listed s = selected.get();
            if (s == null) {
                return;
            }
            model.runs().stream()
                    .filter(x -> x.run().id() == s.run().id() && x != s)
                    .findFirst()
                    .ifPresent(x -> table.getSelectionModel().select(x));
        });
        Region gap = new Region();
        VBox box = new VBox(
                8, heading, facts, new Label(t.get("history.error")), error, new HBox(8, rerun), commandStatus, gap);
        box.setPadding(new Insets(10));
        box.setMinWidth(260);
        return box;
    }

    private Label muted(String key) {
        Label l = new Label(t.get(key));
        l.getStyleClass().add("muted");
        return l;
    }

    private void export() {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName("job-runs.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            exportTo(file.toPath());
        }
    }

    /** Writes the filtered history to a file in the background. */
    public void exportTo(java.nio.file.Path file) {
        var filter = model.filter();
        exportStatus.setText(t.get("history.exporting"));
        ui.background(
                () -> RunCsv.export(search, filter, file),
                n -> exportStatus.setText(t.format("history.exported", n, file.getFileName())),
                e -> exportStatus.setText(t.format("history.exportFailed", e.getMessage())));
    }

    public RunHistoryModel model() {
        return model;
    }

    public TableView<Listed> table() {
        return table;
    }

    @Override
    public String titleKey() {
        return "nav.history";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        model.loadChoices();
        model.reload();
    }

    @Override
    public void focusSearch() {
        job.requestFocus();
        job.show();
    }

    @Override
    public boolean loading() {
        return model.loading().get();
    }

    /** Whether the filter's count has come in (it loads after the page). */
    public boolean counted() {
        return model.count().get() != null;
    }
}
