package com.aliaport.ops.console.reports;

import com.aliaport.ops.console.commands.CommandModel;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.operatorcommand.CommandState;
import com.aliaport.ops.operatorcommand.OperatorCommand;
import com.aliaport.ops.report.InvalidReportParameterException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The new-report form's state: the type, its period, customer or manifest, the choices the searches found, the
 * errors by field (as the API's validation names them), and what became of the submission.
 */
public final class NewReportModel {
    private static final Pattern TASK_ID =
            Pattern.compile("([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    private final ReportFormService service;
    private final Ui ui;
    private final Texts t;
    private final Consumer<Throwable> onError;

    public final ObjectProperty<String> type = new SimpleObjectProperty<>("cari-ekstre");
    public final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    public final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    public final ObjectProperty<ReportFormService.Customer> customer = new SimpleObjectProperty<>();
    public final ObjectProperty<ReportFormService.Vessel> vessel = new SimpleObjectProperty<>();
    public final ObjectProperty<ReportFormService.Manifest> manifest = new SimpleObjectProperty<>();
    /** False for a viewer: the form is shown but nothing may be sent. */
    public final BooleanProperty allowed = new SimpleBooleanProperty(true);

    private final ObservableList<ReportFormService.Customer> customers = FXCollections.observableArrayList();
    private final ObservableList<ReportFormService.Vessel> vessels = FXCollections.observableArrayList();
    private final ObservableList<ReportFormService.Manifest> manifests = FXCollections.observableArrayList();
    private final ObservableMap<String, String> errors = FXCollections.observableHashMap();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<UUID> submitted = new ReadOnlyObjectWrapper<>();

    public NewReportModel(ReportFormService service, Ui ui, Texts texts, Consumer<Throwable> onError) {
        this.service = service;
        this.ui = ui;
        this.t = texts;
        this.onError = onError;
        vessel.addListener((o, a, v) -> {
            manifest.set(null);
            manifests.clear();
            if (v != null) {
                ui.background(() -> service.manifests(v.imo()), manifests::setAll, onError);
            }
        });
        type.addListener((o, a, b) -> errors.clear());
    }

    /** Customers by code or name (off the FX thread; a short list). */
    public void searchCustomers(String text) {
        ui.background(() -> service.customers(text), customers::setAll, onError);
    }

    /** Vessels by IMO number or name. */
    public void searchVessels(String text) {
        ui.background(() -> service.vessels(text), vessels::setAll, onError);
    }

    /** The parameters as the API would receive them from this form. */
    Map<String, Object> raw() {
        Map<String, Object> raw = new LinkedHashMap<>();
        if ("manifest".equals(type.get())) {
            Optional.ofNullable(manifest.get()).ifPresent(m -> raw.put("manifest_id", Long.toString(m.id())));
            return raw;
        }
        Optional.ofNullable(from.get()).ifPresent(d -> raw.put("date_from", d.toString()));
        Optional.ofNullable(to.get()).ifPresent(d -> raw.put("date_to", d.toString()));
        Optional.ofNullable(customer.get()).ifPresent(c -> raw.put("cari_code", c.code()));
        return raw;
    }

    /**
     * Validates as the API does and, when valid, asks the cluster to queue the report. A wrong field's message
     * goes next to the field; the command's outcome to the status line.
     */
    public void submit() {
        if (!allowed.get() || busy.get()) {
            return;
        }
        String kind = type.get();
        Map<String, Object> raw = raw();
        errors.clear();
        busy.set(true);
        status.set(t.format("form.sending", t.get("report.type." + kind)));
        ui.background(
                () -> service.submit(kind, raw),
                c -> {
                    busy.set(false);
                    shown(c);
                },
                e -> {
                    busy.set(false);
                    if (e instanceof InvalidReportParameterException bad) {
                        errors.put(
                                bad.field(),
                                bad.getMessage().substring(bad.field().length() + 2));
                        status.set(t.get("form.invalid"));
                    } else {
                        status.set(t.format("command.refused", CommandModel.rootMessage(e)));
                    }
                });
    }

    private void shown(OperatorCommand c) {
        String outcome = c.outcome().orElse("");
        if (c.state() == CommandState.DONE) {
            Matcher m = TASK_ID.matcher(outcome);
            if (m.find()) {
                submitted.set(UUID.fromString(m.group(1)));
            }
            status.set(t.format("form.queued", outcome));
        } else if (c.state() == CommandState.FAILED) {
            status.set(t.format("form.failed", outcome));
        } else {
            status.set(t.format("command.waiting", c.id(), t.get("command." + c.kind()), c.target()));
        }
    }

    public ObservableList<ReportFormService.Customer> customers() {
        return customers;
    }

    public ObservableList<ReportFormService.Vessel> vessels() {
        return vessels;
    }

    public ObservableList<ReportFormService.Manifest> manifests() {
        return manifests;
    }

    /** The error of each wrong field, by the API's field name ({@code date_to}, {@code cari_code}, …). */
    public ObservableMap<String, String> errors() {
        return errors;
    }

    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    /** The task the last submission queued. */
    public ReadOnlyObjectProperty<UUID> submitted() {
        return submitted.getReadOnlyProperty();
    }

    Consumer<Throwable> onError() {
        return onError;
    }
}
