package com.aliaport.ops.console.reports;

import com.aliaport.ops.console.fx.Texts;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The new-report form, one layout for the three types: a period with date pickers (barınma, cari ekstre), a
 * customer found by code or name (cari ekstre; optional for barınma), a manifest found by vessel and voyage.
 * Each field has its error line below it, filled from the API's validation.
 */
final class NewReportForm {
    private final NewReportModel model;
    private final Texts t;
    private final VBox root = new VBox(6);

    NewReportForm(NewReportModel model, Texts texts) {
        this.model = model;
        this.t = texts;
        build();
    }

    private void build() {
        ComboBox<String> type = new ComboBox<>(FXCollections.observableArrayList(ReportsModel.types()));
        type.setId("form-type");
        type.setMaxWidth(Double.MAX_VALUE);
        named(type, s -> t.get("report.type." + s));
        type.valueProperty().bindBidirectional(model.type);

        DatePicker from = day("form-from");
        from.valueProperty().bindBidirectional(model.from);
        DatePicker to = day("form-to");
        to.valueProperty().bindBidirectional(model.to);

        TextField customerSearch = new TextField();
        customerSearch.setId("form-customer-search");
        customerSearch.setPromptText(t.get("form.customerSearch"));
        customerSearch.setOnAction(e -> model.searchCustomers(customerSearch.getText()));
        customerSearch.textProperty().addListener((o, a, b) -> {
            if (b.strip().length() >= 2) {
                model.searchCustomers(b);
            }
        });
        ComboBox<ReportFormService.Customer> customer = new ComboBox<>(model.customers());
        customer.setId("form-customer");
        customer.setMaxWidth(Double.MAX_VALUE);
        customer.setPromptText(t.get("form.customerPick"));
        named(customer, c -> c.code() + " — " + c.name());
        customer.valueProperty().bindBidirectional(model.customer);

        TextField vesselSearch = new TextField();
        vesselSearch.setId("form-vessel-search");
        vesselSearch.setPromptText(t.get("form.vesselSearch"));
        vesselSearch.setOnAction(e -> model.searchVessels(vesselSearch.getText()));
        vesselSearch.textProperty().addListener((o, a, b) -> {
            if (b.strip().length() >= 2) {
                model.searchVessels(b);
            }
        });
        ComboBox<ReportFormService.Vessel> vessel = new ComboBox<>(model.vessels());
        vessel.setId("form-vessel");
        vessel.setMaxWidth(Double.MAX_VALUE);
        vessel.setPromptText(t.get("form.vesselPick"));
        named(vessel, v -> v.name() + " (IMO " + v.imo() + ")");
        vessel.valueProperty().bindBidirectional(model.vessel);
        ComboBox<ReportFormService.Manifest> manifest = new ComboBox<>(model.manifests());
        manifest.setId("form-manifest");
        manifest.setMaxWidth(Double.MAX_VALUE);
        manifest.setPromptText(t.get("form.voyagePick"));
        named(manifest, m -> t.format("form.voyage", m.voyage(), m.date().toString(), m.direction()));
        manifest.valueProperty().bindBidirectional(model.manifest);

        GridPane grid = new GridPane(8, 2);
        int row = 0;
        grid.addRow(row++, label("form.type"), type);
        var period = Bindings.createBooleanBinding(() -> !"manifest".equals(model.type.get()), model.type);
        row = field(grid, row, "form.from", from, "date_from", period);
        row = field(grid, row, "form.to", to, "date_to", period);
        row = field(grid, row, "form.customer", customerSearch, null, period);
        row = field(grid, row, "", customer, "cari_code", period);
        var manifestType = period.not();
        row = field(grid, row, "form.vessel", vesselSearch, null, manifestType);
        row = field(grid, row, "", vessel, null, manifestType);
        field(grid, row, "form.manifest", manifest, "manifest_id", manifestType);
        grid.getColumnConstraints()
                .addAll(new javafx.scene.layout.ColumnConstraints(90), new javafx.scene.layout.ColumnConstraints());
        grid.getColumnConstraints().get(1).setHgrow(javafx.scene.layout.Priority.ALWAYS);

        Label hint = new Label();
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.textProperty()
                .bind(Bindings.createStringBinding(() -> t.get("form.hint." + model.type.get()), model.type));
        Button submit = new Button(t.get("form.submit"));
        submit.setId("form-submit");
        submit.getStyleClass().add("accent");
        submit.disableProperty().bind(model.allowed.not().or(model.busy()));
        submit.setOnAction(e -> model.submit());
        Label status = new Label();
        status.setId("form-status");
        status.setWrapText(true);
        status.textProperty().bind(model.status());
        root.getChildren().addAll(grid, hint, submit, status);
        root.setPadding(new Insets(10));
        // The fields, not the tab's content: the TabPane manages its content's own disable state.
        grid.disableProperty().bind(model.allowed.not());
    }

    /** A labelled field with its error line below; both shown only when {@code shown}. */
    private int field(
            GridPane grid,
            int row,
            String labelKey,
            javafx.scene.control.Control control,
            String errorField,
            javafx.beans.binding.BooleanExpression shown) {
        control.setMaxWidth(Double.MAX_VALUE);
        Node[] nodes;
        if (labelKey.isEmpty()) {
            // A picker under its search field takes the label's column too: "120.01.0001 — Ege Gıda …" is long.
            grid.add(control, 0, row, 2, 1);
            nodes = new Node[] {control};
        } else {
            Label label = label(labelKey);
            grid.addRow(row, label, control);
            nodes = new Node[] {label, control};
        }
        for (Node n : nodes) {
            n.visibleProperty().bind(shown);
            n.managedProperty().bind(shown);
        }
        if (errorField == null) {
            return row + 1;
        }
        Label error = new Label();
        error.setId("form-error-" + errorField);
        error.getStyleClass().add("field-error");
        error.setStyle("-fx-text-fill: -color-danger-fg;");
        error.setWrapText(true);
        error.visibleProperty().bind(shown.and(error.textProperty().isNotEmpty()));
        error.managedProperty().bind(error.visibleProperty());
        model.errors().addListener((MapChangeListener<String, String>)
                c -> error.setText(model.errors().getOrDefault(errorField, "")));
        grid.add(error, 1, row + 1);
        return row + 2;
    }

    private static DatePicker day(String id) {
        DatePicker picker = com.aliaport.ops.console.fx.DayPicker.create(id);
        picker.setPromptText("dd.MM.yyyy");
        return picker;
    }

    private Label label(String key) {
        Label l = new Label(t.get(key));
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static <T> void named(ComboBox<T> box, Function<T, String> name) {
        box.setButtonCell(cell(box.getPromptText(), name));
        box.setCellFactory(l -> cell("", name));
        box.promptTextProperty().addListener((o, a, p) -> box.setButtonCell(cell(p, name)));
    }

    private static <T> ListCell<T> cell(String empty, Function<T, String> name) {
        return new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean isEmpty) {
                super.updateItem(item, isEmpty);
                setText(isEmpty || item == null ? empty : name.apply(item));
            }
        };
    }

    Node view() {
        return root;
    }
}
