package com.aliaport.ops.console.archive;

import com.aliaport.ops.console.commands.CommandModel;
import com.aliaport.ops.console.connect.Role;
import com.aliaport.ops.console.fx.Reload;
import com.aliaport.ops.console.fx.Tables;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Times;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import com.aliaport.ops.console.shell.Screen;
import com.aliaport.ops.jobrun.JobRun;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.operatorcommand.CommandKind;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The audit archive: sizes, the oldest live event, the last runs, the next run, partitions; run it now. */
public final class ArchiveView implements Screen {
    private final Texts t;
    private final Reload<ArchiveStatus> reload;
    private final ScrollPane root = new ScrollPane();
    private final Label live = new Label();
    private final Label archive = new Label();
    private final Label oldest = new Label();
    private final Label next = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label();
    private final TableView<JobRun> runs = new TableView<>();
    private final TableView<ArchiveStatus.Partition> partitions = new TableView<>();

    public ArchiveView(
            ArchiveService service,
            CommandModel commands,
            Ui ui,
            LiveEvents live,
            Texts texts,
            Role role,
            Consumer<Throwable> onError) {
        this.t = texts;
        this.reload = new Reload<>(ui, service::read, this::show, onError);
        live.on("job_runs", p -> {
            if (p.contains(ArchiveService.JOB)) {
                reload.run();
            }
        });
        live.onReconnect(reload::run);
        this.live.setId("archive-live");
        archive.setId("archive-archive");
        GridPane facts = new GridPane(16, 6);
        facts.addRow(0, muted("archive.live"), this.live);
        facts.addRow(1, muted("archive.archive"), archive);
        facts.addRow(2, muted("archive.oldest"), oldest);
        facts.addRow(3, muted("archive.next"), next);
        progress.setPrefWidth(260);
        progress.setId("archive-progress");
        facts.addRow(4, muted("archive.running"), new HBox(8, progress, progressText));
        Button runNow = new Button(t.get("archive.runNow"));
        runNow.setId("archive-run-now");
        runNow.disableProperty().bind(Bindings.createBooleanBinding(() -> !role.canCommand()));
        runNow.setOnAction(e -> commands.send(CommandKind.RUN_NOW, ArchiveService.JOB, Map.of(), reload::run));
        Label status = new Label();
        status.setWrapText(true);
        status.textProperty().bind(commands.status());
        runs.setId("archive-runs");
        runs.getColumns().add(Tables.column("#", 60, r -> Long.toString(r.id())));
        runs.getColumns().add(Tables.column(t.get("history.status"), 100, r -> t.get("status." + r.status())));
        runs.getColumns().add(Tables.column(t.get("history.started"), 140, r -> Times.dateTime(r.startedAt())));
        runs.getColumns()
                .add(Tables.column(
                        t.get("history.duration"),
                        80,
                        r -> r.startedAt().isEmpty() || r.finishedAt().isEmpty()
                                ? "–"
                                : Times.duration(Duration.between(
                                        r.startedAt().get(), r.finishedAt().get()))));
        runs.getColumns().add(Tables.column(t.get("archive.moved"), 110, r -> r.progressCurrent()
                .map(n -> String.format(t.locale(), "%,d", n))
                .orElse("–")));
        runs.getColumns().add(Tables.column(t.get("history.message"), 420, r -> r.message()
                .or(r::error)
                .orElse("")));
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.fitText(runs);
        runs.setPrefHeight(300);
        Tables.copyable(runs, t);
        partitions.setId("archive-partitions");
        partitions.getColumns().add(Tables.column(t.get("archive.table"), 160, ArchiveStatus.Partition::parent));
        partitions.getColumns().add(Tables.column(t.get("archive.partition"), 200, ArchiveStatus.Partition::name));
        partitions.getColumns().add(Tables.column(t.get("archive.bounds"), 320, ArchiveStatus.Partition::bounds));
        partitions
                .getColumns()
                .add(Tables.column(t.get("archive.rows"), 100, p -> String.format(t.locale(), "%,d", p.rows())));
        partitions.getColumns().add(Tables.column(t.get("archive.bytes"), 90, p -> Times.bytes(p.bytes())));
        partitions.setPlaceholder(new Label(t.get("archive.notPartitioned")));
        partitions.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.fitText(partitions);
        partitions.setPrefHeight(200);
        VBox box = new VBox(
                10,
                facts,
                new HBox(8, runNow),
                status,
                new Label(t.get("archive.lastRuns")),
                runs,
                new Label(t.get("archive.partitions")),
                partitions);
        box.setPadding(new Insets(14));
        root.setContent(box);
        root.setFitToWidth(true);
        root.setId("archive");
    }

    private void show(ArchiveStatus s) {
        live.setText(t.format(
                "archive.size",
                String.format(t.locale(), "%,d", s.live().rows()),
                Times.bytes(s.live().bytes())));
        archive.setText(t.format(
                "archive.size",
                String.format(t.locale(), "%,d", s.archive().rows()),
                Times.bytes(s.archive().bytes())));
        oldest.setText(Times.dateTime(s.oldestLive()));
        next.setText(Times.dateTime(s.nextRun()));
        runs.getItems().setAll(s.lastRuns());
        partitions.getItems().setAll(s.partitions());
        var running = s.lastRuns().stream()
                .filter(r -> r.status() == JobRunStatus.RUNNING)
                .findFirst();
        progress.setProgress(running.map(r -> r.progressTotal()
                        .filter(tot -> tot > 0)
                        .map(tot -> (double) r.progressCurrent().orElse(0L) / tot)
                        .orElse(-1.0))
                .orElse(0.0));
        progressText.setText(running.map(r -> r.progressCurrent().orElse(0L) + " / "
                        + r.progressTotal().orElse(0L))
                .orElse(t.get("archive.idle")));
    }

    private Label muted(String key) {
        Label l = new Label(t.get(key));
        l.getStyleClass().add("muted");
        return l;
    }

    @Override
    public String titleKey() {
        return "nav.archive";
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        reload.run();
    }

    @Override
    public boolean loading() {
        return reload.loading().get();
    }
}
