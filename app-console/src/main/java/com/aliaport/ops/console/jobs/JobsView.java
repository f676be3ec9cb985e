package com.aliaport.ops.console.jobs;

import com.aliaport.ops.console.commands.CommandModel;
import com.aliaport.ops.console.connect.Role;
import com.aliaport.ops.console.fx.Tables;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Times;
import com.aliaport.ops.console.shell.Screen;
import com.aliaport.ops.operatorcommand.CommandKind;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** Every job: schedule in words, next five fires (Istanbul), paused, last run; and the operator's actions. */
public final class JobsView implements Screen {
    private final JobsModel model;
    private final CommandModel commands;
    private final Texts t;
    private final BorderPane root = new BorderPane();
    private final TableView<JobRow> table = new TableView<>();

    public JobsView(JobsModel model, CommandModel commands, Texts texts, Role role) {
        this.model = model;
        this.commands = commands;
        this.t = texts;
        table.setId("jobs-table");
        table.setItems(model.jobs());
        table.getColumns().add(Tables.column(t.get("jobs.id"), 215, JobRow::id));
        table.getColumns().add(Tables.column(t.get("jobs.schedule"), 190, r -> r.cron()
                .map(c -> Schedules.inWords(c, t.locale()))
                .orElse(t.get("jobs.manualOnly"))));
        table.getColumns().add(Tables.column(t.get("jobs.next"), 170, r -> r.nextFires().stream()
                .map(Times::shortDateTime)
                .collect(Collectors.joining("\n"))));
        table.getColumns()
                .add(Tables.column(t.get("jobs.state"), 90, r -> t.get(r.paused() ? "jobs.paused" : "jobs.active")));
        table.getColumns().add(Tables.column(t.get("jobs.lastRun"), 220, r -> r.lastRun()
                .map(run -> t.get("status." + run.status()) + " · "
                        + Times.dateTime(run.finishedAt().or(run::startedAt)))
                .orElse(t.get("jobs.never"))));
        table.getColumns().add(Tables.wrapping(Tables.column(t.get("jobs.description"), 260, JobRow::description)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.fitText(table);
        table.setRowFactory(tv -> {
            var row = new javafx.scene.control.TableRow<JobRow>();
            row.itemProperty()
                    .addListener((o, old, item) -> row.setTooltip(
                            item == null
                                    ? null
                                    : new Tooltip(item.cron()
                                            .map(c -> "cron: " + c + " (Europe/Istanbul)")
                                            .orElse(""))));
            return row;
        });
        Tables.copyable(table, t);

        Button pause = button("jobs-pause", "jobs.action.pause");
        Button resume = button("jobs-resume", "jobs.action.resume");
        Button runNow = button("jobs-run-now", "jobs.action.runNow");
        DatePicker date = com.aliaport.ops.console.fx.DayPicker.create("jobs-date");
        date.setValue(LocalDate.now(Times.ISTANBUL));
        date.setPrefWidth(140);
        Button runForDate = button("jobs-run-for-date", "jobs.action.runForDate");
        var selected = table.getSelectionModel().selectedItemProperty();
        BooleanBinding none = selected.isNull().or(Bindings.createBooleanBinding(() -> !role.canCommand()));
        pause.disableProperty()
                .bind(none.or(Bindings.createBooleanBinding(
                        () -> selected.get() != null
                                && (selected.get().paused()
                                        || selected.get().cron().isEmpty()),
                        selected)));
        resume.disableProperty()
                .bind(none.or(Bindings.createBooleanBinding(
                        () -> selected.get() != null && !selected.get().paused(), selected)));
        runNow.disableProperty().bind(none);
        runForDate
                .disableProperty()
                .bind(none.or(Bindings.createBooleanBinding(
                        () -> selected.get() != null && !selected.get().takesDate(), selected)));
        date.disableProperty().bind(runForDate.disableProperty());
        pause.setOnAction(e -> send(CommandKind.PAUSE, Map.of()));
        resume.setOnAction(e -> send(CommandKind.RESUME, Map.of()));
        runNow.setOnAction(e -> send(CommandKind.RUN_NOW, Map.of()));
        runForDate.setOnAction(e ->
                send(CommandKind.RUN_FOR_DATE, Map.of("date", date.getValue().toString())));

        Label status = new Label();
        status.setId("jobs-status");
        status.textProperty().bind(commands.status());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label roleNote = new Label(role.canCommand() ? "" : t.get("role.readOnly"));
        roleNote.getStyleClass().add("muted");
        HBox actions = new HBox(8, pause, resume, runNow, date, runForDate, gap, roleNote);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(10));
        root.setTop(actions);
        root.setCenter(table);
        HBox bottom = new HBox(status);
        bottom.setPadding(new Insets(6, 10, 6, 10));
        root.setBottom(bottom);
        root.setId("jobs");
    }

    private Button button(String id, String key) {
        Button b = new Button(t.get(key));
        b.setId(id);
        return b;
    }

    private void send(CommandKind kind, Map<String, String> parameters) {
        JobRow job = table.getSelectionModel().getSelectedItem();
        if (job != null) {
            commands.send(kind, job.id(), parameters, model::refresh);
        }
    }

    public TableView<JobRow> table() {
        return table;
    }

    @Override
    public String titleKey() {
        return "nav.jobs";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public void focusSearch() {
        table.requestFocus();
    }

    @Override
    public boolean loading() {
        return model.loading().get();
    }
}
