package com.aliaport.ops.console.fx;

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
