package com.aliaport.ops.console.reports;

import com.aliaport.ops.console.commands.CommandModel;
import com.aliaport.ops.console.connect.Role;
import com.aliaport.ops.console.fx.DayPicker;
import com.aliaport.ops.console.fx.Tables;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Times;
import com.aliaport.ops.console.shell.Screen;
import com.aliaport.ops.operatorcommand.CommandKind;
import com.aliaport.ops.reportqueue.AttemptRow;
import com.aliaport.ops.reportqueue.DeskTask;
import com.aliaport.ops.reportqueue.ReportState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The report desk: every user's tasks with live progress bars, filters, cancel and requeue, attempts. */
public final class ReportsView implements Screen {
    private final ReportsModel model;
    private final CommandModel commands;
    private final Texts t;
    private final BorderPane root = new BorderPane();
    private final TableView<DeskTask> table = new TableView<>();
    private final NewReportModel form;
    private final DownloadModel download;
    private final TabPane side = new TabPane();
    private final Tab formTab;
    /** The task the user (or the form) chose last, kept chosen across re-reads of the list. */
    private java.util.UUID chosen;
    /** Whether the chosen task's detail is to be brought in front of the form once the task is listed. */
    private boolean reveal;

    public ReportsView(
            ReportsModel model,
            NewReportModel form,
            DownloadModel download,
            CommandModel commands,
            Texts texts,
            Role role) {
        this.model = model;
        this.form = form;
        this.download = download;
        this.commands = commands;
        this.t = texts;
        root.setId("reports");
        root.setTop(filters());
        form.allowed.set(role.canCommand());
        download.chooseTarget(this::saveDialog);
        // The chosen task stays chosen while the list is re-read (a reload replaces every row, a state change one
        // row): after the table has seen the change, the row of that id is chosen again, so the detail and its
        // buttons follow the task's state. A task just queued from the form is chosen once it shows there.
        form.submitted().addListener((o, a, id) -> {
            chosen = id;
            reveal = id != null;
            keepChosen();
        });
        model.tasks().addListener((javafx.collections.ListChangeListener<DeskTask>)
                c -> javafx.application.Platform.runLater(this::keepChosen));
        Tab detailTab = new Tab(t.get("reports.detail"), detail(role));
        detailTab.setId("reports-tab-detail");
        formTab = new Tab(t.get("form.title"), new NewReportForm(form, t).view());
        formTab.setId("reports-tab-form");
        side.setId("reports-side");
        side.getTabs().addAll(detailTab, formTab);
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setMinWidth(340);
        SplitPane split = new SplitPane(tasksTable(), side);
        split.setDividerPositions(0.72);
        root.setCenter(split);
    }

    private void keepChosen() {
        if (chosen == null) {
            return;
        }
        DeskTask shown = table.getSelectionModel().getSelectedItem();
        model.tasks().stream().filter(d -> d.id().equals(chosen)).findFirst().ifPresent(d -> {
            if (shown != d) {
                table.getSelectionModel().select(d);
            }
            if (reveal) {
                // The form stays filled in; the new task's detail (progress, then Download) comes first.
                reveal = false;
                showDetail();
            }
        });
    }

    /** The save dialog, in the user's home folder, suggesting the report's own file name. */
    private java.util.Optional<java.nio.file.Path> saveDialog(String suggested) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(t.get("download.title"));
        chooser.setInitialFileName(suggested);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Excel (*.xlsx)", "*.xlsx"));
        java.io.File file = chooser.showSaveDialog(
                root.getScene() == null ? null : root.getScene().getWindow());
        return java.util.Optional.ofNullable(file).map(java.io.File::toPath);
    }

    /** Shows the chosen task's detail (the default). */
    public void showDetail() {
        side.getSelectionModel().select(0);
    }

    /** Shows the new-report form (the screenshots and the keyboard use it). */
    public void showForm() {
        side.getSelectionModel().select(formTab);
    }

    public NewReportModel form() {
        return form;
    }

    public DownloadModel download() {
        return download;
    }

    private Node filters() {
        ComboBox<String> requester = combo("reports-requester", model.requesters(), "reports.allUsers", s -> s);
        requester.valueProperty().bindBidirectional(model.requester);
        ComboBox<String> type = combo(
                "reports-type",
                javafx.collections.FXCollections.observableArrayList(ReportsModel.types()),
                "reports.allTypes",
                s -> t.get("report.type." + s));
        type.valueProperty().bindBidirectional(model.type);
        ComboBox<ReportState> state = combo(
                "reports-state",
                javafx.collections.FXCollections.observableArrayList(ReportState.values()),
                "reports.allStates",
                s -> t.get("report.state." + s));
        state.valueProperty().bindBidirectional(model.state);
        CheckBox dead = new CheckBox(t.get("reports.deadOnly"));
        dead.setId("reports-dead");
        dead.selectedProperty().bindBidirectional(model.deadOnly);
        for (var box : new ComboBox<?>[] {requester, type, state}) {
            box.valueProperty().addListener((o, a, b) -> model.apply());
        }
        dead.selectedProperty().addListener((o, a, b) -> model.apply());
        DatePicker from = DayPicker.bound("reports-from", t.get("history.from"), model.from);
        DatePicker until = DayPicker.bound("reports-until", t.get("history.until"), model.until);
        for (DatePicker day : new DatePicker[] {from, until}) {
            day.valueProperty().addListener((o, a, b) -> model.apply());
        }
        FlowPane bar = new FlowPane(8, 8, requester, type, state, from, until, dead);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10));
        return bar;
    }

    private <T> ComboBox<T> combo(
            String id,
            javafx.collections.ObservableList<T> items,
            String allKey,
            java.util.function.Function<T, String> name) {
        ComboBox<T> box = new ComboBox<>(items);
        box.setId(id);
        box.setPrefWidth(170);
        String all = t.get(allKey);
        box.setButtonCell(cell(all, name));
        box.setCellFactory(l -> cell(all, name));
        box.setPromptText(all);
        return box;
    }

    private static <T> ListCell<T> cell(String all, java.util.function.Function<T, String> name) {
        return new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? all : name.apply(item));
            }
        };
    }

    private Node tasksTable() {
        table.setId("reports-table");
        table.setItems(model.tasks());
        table.getColumns()
                .add(Tables.alsoFits(
                        Tables.column(t.get("reports.type"), 146, d -> t.get("report.type." + d.type())),
                        ReportsModel.types().stream()
                                .map(type -> t.get("report.type." + type))
                                .toList()));
        table.getColumns().add(Tables.column(t.get("reports.requester"), 104, DeskTask::requestedBy));
        table.getColumns()
                .add(Tables.column(
                        t.get("reports.state"),
                        108,
                        d -> t.get("report.state." + d.state())
                                + (d.deadLettered() ? " ☠" : "")
                                + (d.cancelRequested() && !d.state().terminal() ? " ⏹" : "")));
        Tables.alsoFits(
                table.getColumns().getLast(),
                java.util.Arrays.stream(ReportState.values())
                        .map(s -> t.get("report.state." + s) + (s.terminal() ? " ☠" : " ⏹"))
                        .toList());
        table.getColumns().add(progressColumn());
        table.getColumns().add(Tables.column(t.get("reports.attempts"), 76, d -> d.attempts() + "/" + d.maxAttempts()));
        table.getColumns().add(Tables.column(t.get("reports.created"), 142, d -> Times.shortDateTime(d.createdAt())));
        table.getColumns().add(Tables.column(t.get("reports.duration"), 74, ReportsView::duration));
        table.getColumns().add(Tables.column(t.get("reports.size"), 72, d -> d.sizeBytes()
                .map(Times::bytes)
                .orElse("–")));
        // The parameters are in the detail (wrapped, whole): as a column they would be cut to nothing beside it.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.fitText(table);
        table.setPlaceholder(new Label(t.get("reports.none")));
        Tables.copyable(table, t);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, d) -> {
            if (d != null) {
                chosen = d.id();
            }
            // The attempts change with the state or the attempt count, not with every progress tick.
            if (d == null
                    || a == null
                    || !a.id().equals(d.id())
                    || a.state() != d.state()
                    || a.attempts() != d.attempts()) {
                model.loadAttempts(d);
            }
        });
        // A row clicked is a row to look at: its detail, with Download, Cancel and Requeue, comes to the front. A
        // filter, as a cell's graphic (the progress bar) may take the click before it reaches the table.
        table.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_RELEASED, e -> {
            for (Node n = e.getPickResult().getIntersectedNode(); n != null && n != table; n = n.getParent()) {
                if (n instanceof javafx.scene.control.TableRow<?> row && row.getItem() != null) {
                    showDetail();
                    return;
                }
            }
        });
        return table;
    }

    private TableColumn<DeskTask, DeskTask> progressColumn() {
        TableColumn<DeskTask, DeskTask> c = new TableColumn<>(t.get("reports.progress"));
        c.setPrefWidth(86);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(DeskTask d, boolean empty) {
                super.updateItem(d, empty);
                if (empty || d == null) {
                    setGraphic(null);
                    return;
                }
                bar.setPrefWidth(70);
                bar.setProgress(
                        d.state() == ReportState.SUCCESS
                                ? 1
                                : d.progressTotal() > 0
                                        ? (double) d.progressCurrent() / d.progressTotal()
                                        : d.state().running() ? -1 : 0);
                setGraphic(bar);
            }
        });
        return c;
    }

    private static String parameters(DeskTask d) {
        return d.parameters().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String duration(DeskTask d) {
        if (d.startedAt().isEmpty()) {
            return "–";
        }
        return Times.duration(
                Duration.between(d.startedAt().get(), d.finishedAt().orElse(Instant.now())));
    }

    private Node detail(Role role) {
        // The tab says "task": the heading names which one, and its parameters (the table's last column is narrow).
        Label heading = new Label(t.get("reports.noneChosen"));
        heading.setId("reports-heading");
        heading.getStyleClass().add("title-4");
        heading.setWrapText(true);
        Label parameters = new Label();
        parameters.setId("reports-parameters");
        parameters.getStyleClass().add("muted");
        parameters.setWrapText(true);
        Label error = new Label();
        error.setId("reports-error");
        error.setWrapText(true);
        TableView<AttemptRow> attempts = new TableView<>(model.attempts());
        attempts.setId("reports-attempts");
        attempts.getColumns().add(Tables.column("#", 35, a -> Integer.toString(a.attempt())));
        attempts.getColumns().add(Tables.column(t.get("reports.worker"), 80, a -> a.workerId()
                .orElse("–")));
        attempts.getColumns().add(Tables.column(t.get("reports.outcome"), 85, a -> a.outcome()
                .orElse("–")));
        attempts.getColumns().add(Tables.column(t.get("reports.lastError"), 220, a -> a.error()
                .orElse("")));
        attempts.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.fitText(attempts);
        attempts.setPlaceholder(new Label(t.get("reports.noAttempts")));
        VBox.setVgrow(attempts, Priority.ALWAYS);
        Button cancel = new Button(t.get("reports.cancel"));
        cancel.setId("reports-cancel");
        Button requeue = new Button(t.get("reports.requeue"));
        requeue.setId("reports-requeue");
        var selected = table.getSelectionModel().selectedItemProperty();
        var viewer = Bindings.createBooleanBinding(() -> !role.canCommand());
        cancel.disableProperty()
                .bind(selected.isNull()
                        .or(viewer)
                        .or(Bindings.createBooleanBinding(
                                () -> selected.get() != null
                                        && selected.get().state().terminal(),
                                selected)));
        requeue.disableProperty()
                .bind(selected.isNull()
                        .or(viewer)
                        .or(Bindings.createBooleanBinding(
                                () -> selected.get() != null && !selected.get().deadLettered(), selected)));
        Button save = new Button(t.get("reports.download"));
        save.setId("reports-download");
        save.disableProperty()
                .bind(selected.isNull()
                        .or(viewer)
                        .or(download.busy())
                        .or(Bindings.createBooleanBinding(
                                () -> selected.get() != null
                                        && (selected.get().state() != ReportState.SUCCESS
                                                || selected.get().storageKey().isEmpty()),
                                selected)));
        save.setOnAction(e -> download.download(selected.get()));
        ProgressBar saving = new ProgressBar();
        saving.setId("reports-download-progress");
        saving.setMaxWidth(Double.MAX_VALUE);
        saving.progressProperty().bind(download.progress());
        saving.visibleProperty().bind(download.busy().or(download.status().isNotEmpty()));
        Label saved = new Label();
        saved.setId("reports-download-status");
        saved.setWrapText(true);
        saved.textProperty().bind(download.status());
        cancel.setOnAction(e ->
                commands.send(CommandKind.CANCEL_REPORT, selected.get().id().toString(), Map.of(), () -> {}));
        requeue.setOnAction(e ->
                commands.send(CommandKind.REQUEUE_REPORT, selected.get().id().toString(), Map.of(), () -> {}));
        selected.addListener((o, a, d) -> {
            error.setText(d == null ? "" : d.error().orElse(""));
            heading.setText(
                    d == null
                            ? t.get("reports.noneChosen")
                            : t.get("report.type." + d.type()) + " · " + d.requestedBy() + " · "
                                    + t.get("report.state." + d.state()));
            parameters.setText(d == null ? "" : parameters(d));
        });
        Label status = new Label();
        status.setId("reports-command-status");
        status.setWrapText(true);
        status.textProperty().bind(commands.status());
        Label roleNote = new Label(role.canCommand() ? "" : t.get("role.readOnly"));
        roleNote.getStyleClass().add("muted");
        VBox box = new VBox(
                8,
                heading,
                parameters,
                error,
                new Label(t.get("reports.attemptsTitle")),
                attempts,
                new FlowPane(8, 8, save, cancel, requeue),
                saving,
                saved,
                status,
                roleNote);
        box.setPadding(new Insets(10));
        box.setMinWidth(320);
        return box;
    }

    public TableView<DeskTask> table() {
        return table;
    }

    /** Its state (the console benchmark drives it). */
    public ReportsModel model() {
        return model;
    }

    @Override
    public String titleKey() {
        return "nav.reports";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        model.apply();
    }

    @Override
    public boolean loading() {
        return model.loading().get();
    }
}
