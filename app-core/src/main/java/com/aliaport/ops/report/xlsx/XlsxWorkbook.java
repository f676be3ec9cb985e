package com.aliaport.ops.report.xlsx;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A streaming {@code .xlsx} (POI SXSSF): only a window of rows stays in memory, the rest goes to a temporary
 * file per sheet, which {@link #write} deflates into the output. Tuned for throughput: strings inline (no shared
 * strings table to grow), temporary files uncompressed, the real sheet dimension, the final deflate level
 * configurable (1 is fastest).
 */
public final class XlsxWorkbook implements AutoCloseable {
    private static final int ROW_WINDOW = 200;

    private final TunedWorkbook workbook;
    final Styles styles;
    private final List<TableSheet> tables = new ArrayList<>();

    public XlsxWorkbook(int compressionLevel) {
        this.workbook = new TunedWorkbook(ROW_WINDOW, compressionLevel);
        this.styles = new Styles(workbook);
    }

    /** A table over one or more sheets named {@code name}, {@code name (2)}, … of at most {@code maxRows} rows each. */
    public TableSheet table(String name, List<Column> columns, int maxRowsPerSheet) {
        TableSheet table = new TableSheet(this, name, columns, maxRowsPerSheet);
        tables.add(table);
        return table;
    }

    /** The tables in the order they were made. */
    public List<TableSheet> tables() {
        return List.copyOf(tables);
    }

    SXSSFSheet createSheet(String name) {
        return workbook.createSheet(name);
    }

    void placeAfter(SXSSFSheet sheet, SXSSFSheet previous) {
        int after = workbook.getSheetIndex(previous) + 1;
        workbook.setSheetOrder(sheet.getSheetName(), after);
    }

    public int sheetCount() {
        return workbook.getNumberOfSheets();
    }

    public void write(OutputStream out) throws IOException {
        workbook.setActiveSheet(0);
        workbook.setSelectedTab(0);
        workbook.write(out);
    }

    @Override
    public void close() {
        workbook.dispose();
        try {
            workbook.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SXSSF with the deflate level of the output zip under our control (POI leaves it at the JDK default, 6). */
    private static final class TunedWorkbook extends SXSSFWorkbook {
        private final int compressionLevel;

        TunedWorkbook(int window, int compressionLevel) {
            super(null, window, false, false);
            this.compressionLevel = compressionLevel;
            // The real <dimension>: openpyxl's read-only mode and some BI importers read only the declared range
            // (left at A1 they see one cell). Tracking it costs a comparison per cell.
            setShouldCalculateSheetDimensions(true);
        }

        @Override
        protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream out) {
            ZipArchiveOutputStream zip = super.createArchiveOutputStream(out);
            zip.setLevel(compressionLevel);
            return zip;
        }
    }
}
