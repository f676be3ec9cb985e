package com.aliaport.ops.report.xlsx;

import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;

/**
 * A report table written top to bottom: optional lines above it (title, fields, notes), the header row (bold,
 * frozen, with an auto-filter over the data), the data rows, total rows and a footer. When a sheet reaches its
 * row limit the table continues on a next sheet with the header repeated, so any number of rows fits.
 */
public final class TableSheet {
    private final XlsxWorkbook workbook;
    private final String name;
    private final List<Column> columns;
    private final int maxRows;
    private final List<SXSSFSheet> sheets = new ArrayList<>();
    private final TableRow cursor;
    /** Where a field's value goes: far enough right that its label (in column A) shows whole. */
    private final int valueColumn;

    private SXSSFSheet sheet;
    private int nextRow;
    private int headerRow = -1;
    private int lastDataRow = -1;
    private boolean dataEnded;

    TableSheet(XlsxWorkbook workbook, String name, List<Column> columns, int maxRows) {
        if (maxRows < 8) {
            throw new IllegalArgumentException("a sheet needs room for at least 8 rows, not " + maxRows);
        }
        this.workbook = workbook;
        this.name = name;
        this.columns = List.copyOf(columns);
        this.maxRows = maxRows;
        this.cursor = new TableRow(workbook.styles, this.columns);
        int width = 0;
        int column = 0;
        while (column < this.columns.size() - 1 && width < 20) {
            width += this.columns.get(column++).width();
        }
        this.valueColumn = Math.max(1, column);
        openSheet();
    }

    /** A bold, large line above the table. */
    public void title(String text) {
        Cell c = line().createCell(0);
        c.setCellValue(text);
        c.setCellStyle(workbook.styles.title);
    }

    /** A "label: value" line above the table. */
    public void field(String label, String value) {
        Row row = line();
        Cell l = row.createCell(0);
        l.setCellValue(label);
        l.setCellStyle(workbook.styles.label);
        row.createCell(valueColumn).setCellValue(value);
    }

    /** A line of explanation in italics (above or below the table). */
    public void note(String text) {
        Cell c = line().createCell(0);
        c.setCellValue(text);
        c.setCellStyle(workbook.styles.note);
    }

    public void blank() {
        line();
    }

    /** Writes the header row and freezes the sheet below it. */
    public void beginTable() {
        headerRow = nextRow;
        writeHeader(sheet, nextRow++);
    }

    /** The next data row; the returned cursor is reused, fill it before asking for the next one. */
    public TableRow row() {
        if (headerRow < 0 || dataEnded) {
            throw new IllegalStateException("data rows go between beginTable() and endData()");
        }
        ensureRoom();
        lastDataRow = nextRow;
        return cursor.on(sheet.createRow(nextRow++), false);
    }

    /** Ends the data: the auto-filter of the current sheet spans the data rows written so far. */
    public void endData() {
        if (!dataEnded) {
            applyFilter(sheet, lastDataRow);
            dataEnded = true;
        }
    }

    /** A bold totals row below the data (ends the data if not done yet). */
    public TableRow totalRow() {
        endData();
        ensureRoom();
        return cursor.on(sheet.createRow(nextRow++), true);
    }

    /**
     * The parameters and the time the file was made: as lines under the table and as the printed footer of
     * every sheet of this table.
     */
    public void footer(String parameters, String madeAt) {
        endData();
        blank();
        note("Parametreler: " + parameters);
        note("Oluşturulma: " + madeAt);
        for (SXSSFSheet s : sheets) {
            s.getFooter().setLeft(parameters);
            s.getFooter().setRight("Oluşturulma: " + madeAt + " · Sayfa &P / &N");
        }
    }

    public int sheetCount() {
        return sheets.size();
    }

    private Row line() {
        ensureRoom();
        return sheet.createRow(nextRow++);
    }

    private void ensureRoom() {
        if (nextRow < maxRows) {
            return;
        }
        if (!dataEnded) {
            applyFilter(sheet, lastDataRow);
        }
        SXSSFSheet previous = sheet;
        openSheet();
        workbook.placeAfter(sheet, previous);
        if (headerRow >= 0) {
            headerRow = 0;
            lastDataRow = -1;
            writeHeader(sheet, nextRow++);
        }
    }

    private void openSheet() {
        String sheetName = sheets.isEmpty() ? name : name + " (" + (sheets.size() + 1) + ")";
        sheet = workbook.createSheet(sheetName);
        sheets.add(sheet);
        nextRow = 0;
        for (int i = 0; i < columns.size(); i++) {
            sheet.setColumnWidth(i, Math.min(255, columns.get(i).width()) * 256);
        }
        sheet.getPrintSetup().setLandscape(true);
        sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
    }

    private void writeHeader(SXSSFSheet target, int rowIndex) {
        Row row = target.createRow(rowIndex);
        row.setHeightInPoints(30);
        for (int i = 0; i < columns.size(); i++) {
            Cell c = row.createCell(i);
            c.setCellValue(columns.get(i).header());
            c.setCellStyle(workbook.styles.header(columns.get(i).kind()));
        }
        target.createFreezePane(0, rowIndex + 1);
        // Printed, the header repeats on every page too.
        target.setRepeatingRows(new CellRangeAddress(rowIndex, rowIndex, -1, -1));
    }

    private void applyFilter(SXSSFSheet target, int lastRow) {
        int header = target == sheet ? headerRow : 0;
        if (header < 0) {
            return;
        }
        target.setAutoFilter(new CellRangeAddress(header, Math.max(header, lastRow), 0, columns.size() - 1));
    }
}
