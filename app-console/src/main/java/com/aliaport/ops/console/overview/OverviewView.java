package com.aliaport.ops.console.overview;

import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Times;
import com.aliaport.ops.console.overview.Overview.Liveness;
import com.aliaport.ops.console.shell.Screen;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The 08:00 screen: tiles, each a click away from its screen. */
public final class OverviewView implements Screen {
    private final OverviewModel model;
    private final Texts t;
    private final Consumer<Integer> navigate;
    private final ScrollPane root = new ScrollPane();
    private final Tile nodes;
    private final Tile schedulers;
    private final Tile running;
    private final Tile kur;
    private final Tile anomalies;
    private final Tile queue;
    private final Tile failures;
    private final Tile next;
    private final Timeline ticker;

    public OverviewView(OverviewModel model, Texts texts, Consumer<Integer> navigate) {
        this.model = model;
        this.t = texts;
        this.navigate = navigate;
        nodes = new Tile("tile-nodes", t.get("overview.nodes"), 1);
        schedulers = new Tile("tile-schedulers", t.get("overview.schedulers"), 1);
        running = new Tile("tile-running", t.get("overview.running"), 2);
        kur = new Tile("tile-kur", t.get("overview.kur"), 3);
        anomalies = new Tile("tile-anomalies", t.get("overview.anomalies"), 3);
        queue = new Tile("tile-queue", t.get("overview.queue"), 4);
        failures = new Tile("tile-failures", t.get("overview.failures"), 2);
        next = new Tile("tile-next", t.get("overview.next"), 1);
        GridPane grid = new GridPane(16, 16);
        for (int i = 0; i < 3; i++) {
            var column = new javafx.scene.layout.ColumnConstraints();
            column.setPercentWidth(100.0 / 3);
            grid.getColumnConstraints().add(column);
        }
        grid.setPadding(new Insets(20));
        grid.add(nodes.box, 0, 0);
        grid.add(schedulers.box, 1, 0);
        grid.add(running.box, 2, 0);
        grid.add(kur.box, 0, 1);
        grid.add(anomalies.box, 1, 1);
        grid.add(queue.box, 2, 1);
        grid.add(failures.box, 0, 2);
        grid.add(next.box, 1, 2, 2, 1);
        root.setContent(grid);
        root.setFitToWidth(true);
        root.setId("overview");
        model.overview().addListener((o, old, now) -> show(now));
        ticker = new Timeline(new KeyFrame(Duration.seconds(5), e -> model.refresh()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
    }

    private void show(Overview o) {
        if (o == null) {
            return;
        }
        long late =
                o.nodes().stream().filter(n -> n.liveness() == Liveness.LATE).count();
        long dead =
                o.nodes().stream().filter(n -> n.liveness() == Liveness.DEAD).count();
        nodes.set(
                t.format("overview.nodes.value", o.aliveNodes(), o.nodes().size()),
                o.nodes().isEmpty()
                        ? t.get("overview.nodes.none")
                        : t.format("overview.nodes.summary", late, dead) + "\n"
                                + o.nodes().stream()
                                        .map(n -> n.nodeId() + " · " + t.get("liveness." + n.liveness()) + " · "
                                                + Times.dateTime(n.lastCheckin()))
                                        .collect(Collectors.joining("\n")),
                o.aliveNodes() == 0 ? "bad" : late + dead > 0 ? "warn" : "good");
        schedulers.set(
                Integer.toString(o.schedulers().size()),
                o.schedulers().stream()
                        .map(s -> t.format("overview.scheduler.line", s.name(), s.nodes(), s.paused(), s.triggers()))
                        .collect(Collectors.joining("\n")),
                o.schedulers().stream().anyMatch(s -> s.paused() > 0) ? "warn" : "");
        running.set(
                Long.toString(o.running().size()),
                o.running().stream()
                        .map(r -> r.jobId() + " #" + r.runId() + " · "
                                + r.nodeId().orElse("?")
                                + r.current()
                                        .map(c -> " · " + c + "/" + r.total().orElse(0L))
                                        .orElse(""))
                        .collect(Collectors.joining("\n")),
                "");
        kur.set(
                o.lastKurSync().map(k -> Times.date(k.bulletinDate())).orElse("–"),
                o.lastKurSync()
                        .map(k -> t.format(
                                "overview.kur.detail",
                                k.source(),
                                k.bulletinNo().orElse("–"),
                                k.lagBusinessDays()))
                        .orElse(t.get("overview.kur.none")),
                o.lastKurSync()
                        .map(k -> k.lagBusinessDays() > 1 ? "bad" : k.lagBusinessDays() == 1 ? "warn" : "good")
                        .orElse("bad"));
        anomalies.set(
                Long.toString(o.openAnomalies()),
                t.get("overview.anomalies.detail"),
                o.openAnomalies() > 0 ? "warn" : "good");
        queue.set(Long.toString(o.queuePending()), t.format("overview.queue.detail", o.queueBusy()), "");
        failures.set(
                Long.toString(o.jobFailures24h()),
                t.format("overview.failures.detail", o.reportFailures24h()),
                o.jobFailures24h() + o.reportFailures24h() > 0 ? "bad" : "good");
        next.set(
                o.nextFires().isEmpty()
                        ? "–"
                        : Times.shortDateTime(o.nextFires().getFirst().at()),
                o.nextFires().stream()
                        .map(f -> Times.dateTime(f.at()) + "  " + f.jobId())
                        .collect(Collectors.joining("\n")),
                "");
    }

    /** A tile: title, one big value, detail lines; a click opens its screen. */
    private final class Tile {
        final VBox box = new VBox(4);
        final Label value = new Label("…");
        final Label detail = new Label();

        Tile(String id, String title, int screen) {
            Label heading = new Label(title);
            heading.getStyleClass().add("tile-title");
            value.getStyleClass().add("tile-value");
            value.setId(id + "-value");
            detail.getStyleClass().add("tile-detail");
            detail.setWrapText(true);
            box.getChildren().addAll(heading, value, detail);
            box.getStyleClass().add("tile");
            box.setId(id);
            box.setMinWidth(220);
            box.setMaxWidth(Double.MAX_VALUE);
            box.setMinHeight(130);
            box.setOnMouseClicked(e -> navigate.accept(screen));
        }

        void set(String v, String d, String mood) {
            value.setText(v);
            detail.setText(d);
            box.getStyleClass().removeAll("good", "warn", "bad");
            if (!mood.isEmpty()) {
                box.getStyleClass().add(mood);
            }
        }
    }

    @Override
    public String titleKey() {
        return "nav.overview";
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
    public boolean loading() {
        return model.loading().get() || model.overview().get() == null;
    }

    public void stop() {
        ticker.stop();
    }
}
