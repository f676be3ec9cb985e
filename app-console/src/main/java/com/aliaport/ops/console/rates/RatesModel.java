package com.aliaport.ops.console.rates;

import com.aliaport.ops.console.commands.CommandModel;
import com.aliaport.ops.console.fx.Reload;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.console.fx.Ui;
import com.aliaport.ops.console.live.LiveEvents;
import com.aliaport.ops.exchangerate.AnomalyDecisions;
import com.aliaport.ops.exchangerate.AnomalyView;
import com.aliaport.ops.exchangerate.StoredRateRow;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The rates screen's state: a bulletin, the chart's series, the anomalies and their decisions. */
public final class RatesModel {
    /** The chart's period, back from the chosen date. */
    public enum Period {
        MONTH(1),
        YEAR(12),
        FIVE_YEARS(60),
        TEN_YEARS(120);

        final int months;

        Period(int months) {
            this.months = months;
        }
    }

    private final RatesService rates;
    private final AnomalyDecisions decisions;
    private final Ui ui;
    private final Texts t;
    private final Consumer<Throwable> onError;
    private final ZoneId zone;

    public final ObjectProperty<LocalDate> date;
    public final ObjectProperty<Period> period = new SimpleObjectProperty<>(Period.YEAR);
    public final ObservableList<String> chosen = FXCollections.observableArrayList("USD", "EUR");
    public final BooleanProperty allAnomalies = new SimpleBooleanProperty(false);

    private final ObservableList<StoredRateRow> bulletin = FXCollections.observableArrayList();
    private final ObservableList<String> currencies = FXCollections.observableArrayList();
    private final ObservableList<AnomalyView> anomalies = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Map<String, List<RatesService.Point>>> series =
            new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyObjectWrapper<List<RatesService.Point>> around = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyStringWrapper decisionStatus = new ReadOnlyStringWrapper("");
    private final Reload<List<StoredRateRow>> bulletinReload;
    private final Reload<Map<String, List<RatesService.Point>>> seriesReload;
    private final Reload<List<AnomalyView>> anomaliesReload;

    public RatesModel(
            RatesService rates,
            AnomalyDecisions decisions,
            Ui ui,
            LiveEvents live,
            Texts texts,
            ZoneId zone,
            Consumer<Throwable> onError) {
        this.rates = rates;
        this.decisions = decisions;
        this.ui = ui;
        this.t = texts;
        this.onError = onError;
        this.zone = zone;
        this.date = new SimpleObjectProperty<>(LocalDate.now(zone));
        bulletinReload = new Reload<>(ui, () -> rates.bulletinOnOrBefore(date.get()), bulletin::setAll, onError);
        seriesReload = new Reload<>(ui, this::readSeries, series::set, onError);
        anomaliesReload = new Reload<>(
                ui, () -> allAnomalies.get() ? decisions.all(500) : decisions.open(), anomalies::setAll, onError);
        // A finished sync brings a new bulletin and perhaps anomalies.
        live.on("job_runs", payload -> {
            if (payload.contains("kur_guncelleme")) {
                refresh();
            }
        });
        live.onReconnect(this::refresh);
    }

    public void refresh() {
        ui.background(() -> rates.currencies(LocalDate.now(zone)), currencies::setAll, onError);
        bulletinReload.run();
        seriesReload.run();
        anomaliesReload.run();
    }

    public void reloadBulletin() {
        bulletinReload.run();
        seriesReload.run();
    }

    public void reloadSeries() {
        seriesReload.run();
    }

    public void reloadAnomalies() {
        anomaliesReload.run();
    }

    private Map<String, List<RatesService.Point>> readSeries() {
        LocalDate to = date.get();
        LocalDate from = to.minusMonths(period.get().months);
        return rates.series(List.copyOf(chosen), from, to);
    }

    /** The chosen anomaly's currency a month either side. */
    public void showAround(AnomalyView a) {
        if (a == null) {
            around.set(List.of());
            return;
        }
        ui.background(
                () -> rates.series(
                        a.currency(), a.date().minusDays(30), a.date().plusDays(30)),
                around::set,
                onError);
    }

    public void accept(AnomalyView a, String note) {
        decide(a, note, true);
    }

    public void reject(AnomalyView a, String note) {
        decide(a, note, false);
    }

    private void decide(AnomalyView a, String note, boolean accept) {
        decisionStatus.set(t.get("rates.deciding"));
        ui.background(
                () -> accept ? decisions.accept(a.id(), note) : decisions.reject(a.id(), note),
                decided -> {
                    decisionStatus.set(t.format(
                            "rates.decided", decided.id(), decided.currency(), t.get("anomaly." + decided.status())));
                    anomaliesReload.run();
                    bulletinReload.run();
                },
                e -> decisionStatus.set(t.format("command.refused", CommandModel.rootMessage(e))));
    }

    public ObservableList<StoredRateRow> bulletin() {
        return bulletin;
    }

    public ObservableList<String> currencies() {
        return currencies;
    }

    public ObservableList<AnomalyView> anomalies() {
        return anomalies;
    }

    public ReadOnlyObjectProperty<Map<String, List<RatesService.Point>>> series() {
        return series.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<RatesService.Point>> around() {
        return around.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty decisionStatus() {
        return decisionStatus.getReadOnlyProperty();
    }

    public boolean loading() {
        return bulletinReload.loading().get()
                || seriesReload.loading().get()
                || anomaliesReload.loading().get();
    }

    public ReadOnlyBooleanProperty anomaliesLoading() {
        return anomaliesReload.loading();
    }
}
