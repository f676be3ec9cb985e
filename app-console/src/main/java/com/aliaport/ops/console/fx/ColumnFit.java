package com.aliaport.ops.console.fx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Columns as wide as the words they show, so that no header and no value ends in an ellipsis ("Account statem…",
 * "Durat…"): each column's minimum width is its header's text, and, for every column but the last, the widest of
 * its values (those listed and any given as {@link #alsoFits known}). The last column takes what is left, as the
 * tables' resize policy has it: that is where the free text (descriptions, messages, errors) goes.
 *
 * <p>Measured in the fonts the theme draws with, known only once the table is styled, and again whenever its rows
 * change; the words differ per language, and the window is built anew when the language changes. Minimum widths,
 * not fixed ones: a wide window shares the rest out, a narrow one scrolls sideways instead of cutting words.
 */
final class ColumnFit {
    private static final String KNOWN = ColumnFit.class.getName() + ".known";
    private static final String BOLD = ColumnFit.class.getName() + ".bold";
    private static final String SHOWN = ColumnFit.class.getName() + ".shown";
    /** Rows read for their values: a page of the run history, every task on the desk. */
    private static final int ROWS_READ = 1000;
    /** Rounding of the measured text, and a column's one-pixel border. */
    private static final double SLACK = 3;

    private final TableView<?> table;
    private boolean pending;

    private ColumnFit(TableView<?> table) {
        this.table = table;
    }

    static void install(TableView<?> table) {
        ColumnFit fit = new ColumnFit(table);
        table.skinProperty().addListener((o, a, skin) -> fit.later());
        table.sceneProperty().addListener((o, a, scene) -> fit.later());
        ListChangeListener<Object> rows = c -> fit.later();
        @SuppressWarnings("unchecked")
        ObservableList<Object> items = (ObservableList<Object>) table.getItems();
        if (items != null) {
            items.addListener(rows);
        }
        table.itemsProperty().addListener((o, a, b) -> {
            if (a != null) {
                ((ObservableList<Object>) a).removeListener(rows);
            }
            if (b != null) {
                ((ObservableList<Object>) b).addListener(rows);
            }
            fit.later();
        });
        fit.later();
    }

    static void alsoFits(TableColumn<?, ?> column, Collection<String> known) {
        column.getProperties().put(KNOWN, List.copyOf(known));
    }

    /** For a column whose cells draw their item themselves: the text they show, some of it bold. */
    static <S> void shows(TableColumn<S, ?> column, Function<S, String> shown, boolean bold) {
        column.getProperties().put(SHOWN, shown);
        column.getProperties().put(BOLD, bold);
    }

    /** Once per pulse however many rows changed: after the table's CSS, when the fonts are known. */
    private void later() {
        if (!pending) {
            pending = true;
            Platform.runLater(() -> {
                pending = false;
                measure();
            });
        }
    }

    private void measure() {
        if (table.getSkin() == null || table.getScene() == null) {
            return;
        }
        table.applyCss();
        List<? extends TableColumn<?, ?>> columns = table.getVisibleLeafColumns();
        for (Node node : table.lookupAll(".column-header")) {
            if (!(node instanceof TableColumnHeader header)
                    || !(header.getTableColumn() instanceof TableColumn<?, ?> column)
                    || !(header.lookup(".label") instanceof Label label)) {
                continue;
            }
            // The cells have the header label's padding (both 0.5em in the theme) and its font, not bold.
            Font font = label.getFont();
            boolean bold = Boolean.TRUE.equals(column.getProperties().get(BOLD));
            Font cells = Font.font(font.getFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, font.getSize());
            double padding = label.snappedLeftInset() + label.snappedRightInset();
            double need = label.prefWidth(-1);
            boolean last = !columns.isEmpty() && columns.getLast() == column;
            List<String> values = values(column, last);
            for (String value : values) {
                need = Math.max(need, padding + width(value, cells));
            }
            need = Math.ceil(need + header.snappedLeftInset() + header.snappedRightInset() + SLACK);
            column.setMinWidth(Math.max(need, column.getMinWidth()));
            // A column of words is as wide as its widest: the room left goes to the last column, free text.
            column.setPrefWidth(values.isEmpty() ? Math.max(need, column.getPrefWidth()) : column.getMinWidth());
        }
    }

    private List<String> values(TableColumn<?, ?> column, boolean last) {
        List<String> values = new ArrayList<>();
        if (column.getProperties().get(KNOWN) instanceof List<?> known) {
            known.forEach(k -> values.add(String.valueOf(k)));
        }
        if (last || table.getItems() == null) {
            return values;
        }
        @SuppressWarnings("unchecked")
        TableColumn<Object, ?> any = (TableColumn<Object, ?>) column;
        @SuppressWarnings("unchecked")
        Function<Object, String> shown = column.getProperties().get(SHOWN) instanceof Function<?, ?> f
                ? (Function<Object, String>) f
                : item -> any.getCellData(item) instanceof String text ? text : null;
        for (Object item :
                table.getItems().subList(0, Math.min(ROWS_READ, table.getItems().size()))) {
            String text = shown.apply(item);
            if (text != null) {
                values.add(text);
            }
        }
        return values;
    }

    private static double width(String text, Font font) {
        Text measure = new Text(text);
        measure.setFont(font);
        return measure.getLayoutBounds().getWidth();
    }
}
