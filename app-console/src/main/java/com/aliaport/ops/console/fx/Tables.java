package com.aliaport.ops.console.fx;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** Table helpers every screen shares: text columns, copying a cell or a row (Ctrl+C), the row as text. */
public final class Tables {
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private Tables() {}

    public static <S> TableColumn<S, String> column(String title, double width, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /**
     * No header cut, nor any value but the last column's: each column's minimum width follows the text it shows, in
     * the theme's fonts (see {@link ColumnFit}).
     */
    public static void fitText(TableView<?> table) {
        ColumnFit.install(table);
    }

    /** The column also fits these values, which may not be listed yet (every state a task can be in). */
    public static <S, T> TableColumn<S, T> alsoFits(TableColumn<S, T> column, Collection<String> known) {
        ColumnFit.alsoFits(column, known);
        return column;
    }

    /**
     * For a column whose cells draw the row's item themselves (a run's status, coloured): the text they show, fitted
     * as drawn in bold when {@code bold} (a failed run's status is).
     */
    public static <S, T> TableColumn<S, T> shows(TableColumn<S, T> column, Function<S, String> shown, boolean bold) {
        ColumnFit.shows(column, shown, bold);
        return column;
    }

    /** Cells whose text wraps at the column's width, for free text (a job's description) in rows of any height. */
    public static <S> TableColumn<S, String> wrapping(TableColumn<S, String> column) {
        column.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            private final javafx.scene.text.Text text = new javafx.scene.text.Text();

            {
                text.getStyleClass().add("text");
                text.wrappingWidthProperty().bind(c.widthProperty().subtract(16));
                text.fillProperty().bind(textFillProperty());
                text.fontProperty().bind(fontProperty());
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                text.setText(empty || item == null ? "" : item);
                setGraphic(empty ? null : text);
            }
        });
        return column;
    }

    /** Ctrl+C copies the selected row, tab-separated; the context menu copies the cell or the row. */
    public static <S> void copyable(TableView<S> table, Texts t) {
        table.getSelectionModel().setCellSelectionEnabled(false);
        table.setOnKeyPressed(e -> {
            if (COPY.match(e)) {
                copy(rowText(table));
                e.consume();
            }
        });
        MenuItem cell = new MenuItem(t.get("table.copyCell"));
        cell.setOnAction(e -> copy(cellText(table)));
        MenuItem row = new MenuItem(t.get("table.copyRow"));
        row.setOnAction(e -> copy(rowText(table)));
        table.setContextMenu(new ContextMenu(cell, row));
    }

    public static <S> String rowText(TableView<S> table) {
        S item = table.getSelectionModel().getSelectedItem();
        if (item == null) {
            return "";
        }
        return table.getVisibleLeafColumns().stream()
                .map(c -> String.valueOf(c.getCellData(item)))
                .collect(Collectors.joining("\t"));
    }

    private static <S> String cellText(TableView<S> table) {
        List<TablePosition> cells = table.getSelectionModel().getSelectedCells();
        S item = table.getSelectionModel().getSelectedItem();
        if (item == null) {
            return "";
        }
        TableColumn<S, ?> column = cells.isEmpty() || cells.getFirst().getTableColumn() == null
                ? table.getVisibleLeafColumns().getFirst()
                : (TableColumn<S, ?>) cells.getFirst().getTableColumn();
        return String.valueOf(column.getCellData(item));
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
