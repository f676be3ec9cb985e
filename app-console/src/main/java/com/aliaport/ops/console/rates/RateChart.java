package com.aliaport.ops.console.rates;

import com.aliaport.ops.console.fx.Times;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;

/** Buying and selling of one or more currencies over time (per one unit, in TRY). */
final class RateChart {
    private RateChart() {}

    static LineChart<Number, Number> create(String id) {
        NumberAxis x = new NumberAxis();
        x.setForceZeroInRange(false);
        x.setAutoRanging(true);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return Times.date(LocalDate.ofEpochDay(n.longValue()));
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(id);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(true);
        // The axis's last date label is centred on the chart's right edge: room for its half.
        chart.setPadding(new Insets(5, 40, 5, 5));
        return chart;
    }

    static void show(
            LineChart<Number, Number> chart,
            Map<String, List<RatesService.Point>> series,
            String buying,
            String selling) {
        chart.getData().clear();
        series.forEach((currency, points) -> {
            XYChart.Series<Number, Number> b = new XYChart.Series<>();
            b.setName(currency + " " + buying);
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(currency + " " + selling);
            for (RatesService.Point p : points) {
                b.getData().add(new XYChart.Data<>(p.date().toEpochDay(), p.buying()));
                s.getData().add(new XYChart.Data<>(p.date().toEpochDay(), p.selling()));
            }
            chart.getData().add(b);
            chart.getData().add(s);
        });
    }
}
