package com.aliaport.ops.console.rates;

import com.aliaport.ops.console.connect.Role;
import com.aliaport.ops.console.fx.Tables;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Times;
import com.aliaport.ops.console.shell.Screen;
import com.aliaport.ops.exchangerate.AnomalyView;
import com.aliaport.ops.exchangerate.StoredRateRow;
import java.math.BigDecimal;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Exchange rates: a bulletin as published, a chart over a period, and the anomalies to accept or reject. */
public final class RatesView implements Screen {
    private final RatesModel model;
    private final Texts t;
    private final TabPane root = new TabPane();
    private final TableView<AnomalyView> anomalies = new TableView<>();

    public RatesView(RatesModel model, Texts texts, Role role) {
        this.model = model;
        this.t = texts;
        root.setId("rates");
        Tab bulletin = new Tab(t.get("rates.tab.bulletin"), bulletinAndChart());
        bulletin.setClosable(false);
        Tab anomalyTab = new Tab(t.get("rates.tab.anomalies"), anomalies(role));
        anomalyTab.setClosable(false);
        anomalyTab.setId("rates-anomalies-tab");
        anomalyTab
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> t.format(
                                "rates.tab.anomaliesCount",
                                model.anomalies().stream()
                                        .filter(a -> a.status().equals("OPEN"))
                                        .count()),
                        model.anomalies()));
        root.getTabs().addAll(bulletin, anomalyTab);
    }

    private Node bulletinAndChart() {
        DatePicker date = com.aliaport.ops.console.fx.DayPicker.create("rates-date");
        date.valueProperty().bindBidirectional(model.date);
        date.valueProperty().addListener((o, a, b) -> model.reloadBulletin());
        TableView<StoredRateRow> table = new TableView<>(model.bulletin());
        table.setId("rates-table");
        table.getColumns()
                .add(Tables.column(t.get("rates.currency"), 58, r -> r.currency() + (r.rejected() ? " ⛔" : "")));
        table.getColumns().add(Tables.column(t.get("rates.unit"), 50, r -> Integer.toString(r.unit())));
        table.getColumns().add(Tables.column(t.get("rates.name"), 130, r -> (t.turkish()
                        ? r.nameTr().or(r::nameEn)
                        : r.nameEn().or(r::nameTr))
                .orElse("")));
        table.getColumns().add(Tables.column(t.get("rates.buyingColumn"), 80, r -> r.buying()
                .toPlainString()));
        table.getColumns().add(Tables.column(t.get("rates.sellingColumn"), 80, r -> r.selling()
                .map(BigDecimal::toPlainString)
                .orElse("–")));
        table.getColumns().add(Tables.column(t.get("rates.source"), 68, StoredRateRow::source));
        table.getColumns().add(Tables.column(t.get("rates.bulletinNo"), 90, r -> r.bulletinNo()
                .orElse("–")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.fitText(table);
        Tables.copyable(table, t);
        Label day = new Label();
        day.setId("rates-bulletin-date");
        day.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> model.bulletin().isEmpty()
                                ? t.get("rates.noBulletin")
                                : t.format(
                                        "rates.bulletinOf",
                                        Times.date(model.bulletin().getFirst().date())),
                        model.bulletin()));
        VBox left = new VBox(8, new HBox(8, new Label(t.get("rates.date")), date), day, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        left.setPadding(new Insets(10));

        ComboBox<RatesModel.Period> period = new ComboBox<>();
        period.setId("rates-period");
        period.getItems().setAll(RatesModel.Period.values());
        period.setButtonCell(periodCell());
        period.setCellFactory(l -> periodCell());
        period.valueProperty().bindBidirectional(model.period);
        period.valueProperty().addListener((o, a, b) -> model.reloadSeries());
        FlowPane currencies = new FlowPane(6, 6);
        currencies.setId("rates-currencies");
        model.currencies().addListener((javafx.collections.ListChangeListener<String>) c -> {
            currencies.getChildren().clear();
            for (String code : model.currencies()) {
                CheckBox box = new CheckBox(code);
                box.setSelected(model.chosen.contains(code));
                box.selectedProperty().addListener((o, was, is) -> {
                    if (is && !model.chosen.contains(code)) {
                        model.chosen.add(code);
                    } else if (!is) {
                        model.chosen.remove(code);
                    }
                    model.reloadSeries();
                });
                currencies.getChildren().add(box);
            }
        });
        LineChart<Number, Number> chart = RateChart.create("rates-chart");
        model.series()
                .addListener((o, a, s) -> RateChart.show(chart, s, t.get("rates.buying"), t.get("rates.selling")));
        Label perUnit = new Label(t.get("rates.perUnit"));
        perUnit.getStyleClass().add("muted");
        VBox right = new VBox(8, new HBox(8, new Label(t.get("rates.period")), period), currencies, chart, perUnit);
        VBox.setVgrow(chart, Priority.ALWAYS);
        right.setPadding(new Insets(10));
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.52);
        return split;
    }

    private ListCell<RatesModel.Period> periodCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(RatesModel.Period p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : t.get("rates.period." + p));
            }
        };
    }

    private Node anomalies(Role role) {
        anomalies.setId("anomalies-table");
        anomalies.setItems(model.anomalies());
        anomalies.getColumns().add(Tables.column("#", 45, a -> Long.toString(a.id())));
        anomalies.getColumns().add(Tables.column(t.get("anomaly.status"), 110, a -> t.get("anomaly." + a.status())));
        anomalies.getColumns().add(Tables.column(t.get("rates.currency"), 55, AnomalyView::currency));
        anomalies.getColumns().add(Tables.column(t.get("anomaly.date"), 95, a -> Times.date(a.date())));
        anomalies.getColumns().add(Tables.column(t.get("anomaly.previous"), 90, a -> a.previousRate()
                .toPlainString()));
        anomalies.getColumns().add(Tables.column(t.get("anomaly.new"), 90, a -> a.newRate()
                .toPlainString()));
        anomalies.getColumns().add(Tables.column(t.get("anomaly.change"), 85, a -> percent(a.changePercent())));
        anomalies.getColumns().add(Tables.column(t.get("anomaly.decided"), 200, a -> a.decidedBy()
                .map(by -> by + " · " + Times.dateTime(a.decidedAt())
                        + a.note().map(n -> " · " + n).orElse(""))
                .orElse("–")));
        anomalies.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.fitText(anomalies);
        anomalies.setPlaceholder(new Label(t.get("anomaly.none")));
        Tables.copyable(anomalies, t);
        CheckBox all = new CheckBox(t.get("anomaly.showAll"));
        all.setId("anomalies-all");
        all.selectedProperty().bindBidirectional(model.allAnomalies);
        all.selectedProperty().addListener((o, a, b) -> model.reloadAnomalies());

        Label heading = new Label(t.get("anomaly.detail"));
        heading.getStyleClass().add("title-4");
        Label facts = new Label();
        facts.setId("anomaly-facts");
        facts.setWrapText(true);
        TextArea note = new TextArea();
        note.setId("anomaly-note");
        note.setPromptText(t.get("anomaly.notePrompt"));
        note.setPrefRowCount(3);
        note.setWrapText(true);
        Button accept = new Button(t.get("anomaly.accept"));
        accept.setId("anomaly-accept");
        Button reject = new Button(t.get("anomaly.reject"));
        reject.setId("anomaly-reject");
        var selected = anomalies.getSelectionModel().selectedItemProperty();
        var cannot = selected.isNull()
                .or(Bindings.createBooleanBinding(() -> !role.canCommand()))
                .or(Bindings.createBooleanBinding(
                        () -> selected.get() != null && !selected.get().status().equals("OPEN"), selected));
        accept.disableProperty().bind(cannot);
        reject.disableProperty().bind(cannot.or(note.textProperty().isEmpty()));
        accept.setOnAction(e -> model.accept(selected.get(), note.getText().trim()));
        reject.setOnAction(e -> model.reject(selected.get(), note.getText().trim()));
        Label status = new Label();
        status.setId("anomaly-status");
        status.setWrapText(true);
        status.textProperty().bind(model.decisionStatus());
        LineChart<Number, Number> chart = RateChart.create("anomaly-chart");
        chart.setLegendVisible(false);
        model.around().addListener((o, a, points) -> {
            AnomalyView chosen = selected.get();
            RateChart.show(
                    chart,
                    chosen == null ? Map.of() : Map.of(chosen.currency(), points),
                    t.get("rates.buying"),
                    t.get("rates.selling"));
        });
        selected.addListener((o, a, now) -> {
            facts.setText(
                    now == null
                            ? ""
                            : t.format(
                                    "anomaly.facts",
                                    now.currency(),
                                    Times.date(now.previousDate()),
                                    now.previousRate().toPlainString(),
                                    Times.date(now.date()),
                                    now.newRate().toPlainString(),
                                    percent(now.changePercent()),
                                    now.source(),
                                    now.jobRunId().map(String::valueOf).orElse("–")));
            model.showAround(now);
        });
        Label roleNote = new Label(role.canCommand() ? "" : t.get("role.readOnly"));
        roleNote.getStyleClass().add("muted");
        VBox detail = new VBox(8, heading, facts, chart, note, new HBox(8, accept, reject), status, roleNote);
        VBox.setVgrow(chart, Priority.ALWAYS);
        detail.setPadding(new Insets(10));
        detail.setMinWidth(320);
        VBox list = new VBox(8, all, anomalies);
        VBox.setVgrow(anomalies, Priority.ALWAYS);
        list.setPadding(new Insets(10));
        SplitPane split = new SplitPane(list, detail);
        split.setDividerPositions(0.62);
        return split;
    }

    private static String percent(BigDecimal p) {
        return (p.signum() > 0 ? "+" : "")
                + p.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + " %";
    }

    public TableView<AnomalyView> anomaliesTable() {
        return anomalies;
    }

    public void showAnomalies() {
        root.getSelectionModel().select(1);
    }

    /** Its state (the console benchmark drives it). */
    public RatesModel model() {
        return model;
    }

    @Override
    public String titleKey() {
        return "nav.rates";
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
        return model.loading();
    }
}
