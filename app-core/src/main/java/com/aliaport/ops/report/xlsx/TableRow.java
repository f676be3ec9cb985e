package com.aliaport.ops.report.xlsx;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;

/**
 * Fills one row of a {@link TableSheet}; each cell takes its column's style (bold in a totals row). Empty values
 * ({@code null}) leave the cell blank. Dates are written as Excel serial numbers directly (1900 date system).
 */
public final class TableRow {
    /** Days from Excel's day 0 (1899-12-30, counting its 1900 leap-year bug) to 1970-01-01. */
    private static final long EXCEL_EPOCH_OFFSET = 25_569;

    private final Styles styles;
    private final Column[] columns;
    private Row row;
    private boolean total;

    TableRow(Styles styles, List<Column> columns) {
        this.styles = styles;
        this.columns = columns.toArray(Column[]::new);
    }

    TableRow on(Row row, boolean total) {
        this.row = row;
        this.total = total;
        return this;
    }

    public TableRow text(int column, String value) {
        if (value != null) {
            cell(column).setCellValue(value);
        }
        return this;
    }

    public TableRow number(int column, BigDecimal value) {
        if (value != null) {
            cell(column).setCellValue(value.doubleValue());
        }
        return this;
    }

    public TableRow number(int column, long value) {
        cell(column).setCellValue(value);
        return this;
    }

    public TableRow date(int column, LocalDate value) {
        if (value != null) {
            cell(column).setCellValue((double) (value.toEpochDay() + EXCEL_EPOCH_OFFSET));
        }
        return this;
    }

    public TableRow dateTime(int column, LocalDateTime value) {
        if (value != null) {
            double day = value.toLocalDate().toEpochDay() + EXCEL_EPOCH_OFFSET;
            cell(column).setCellValue(day + value.toLocalTime().toSecondOfDay() / 86_400.0);
        }
        return this;
    }

    private Cell cell(int column) {
        Cell c = row.createCell(column);
        Column.Kind kind = columns[column].kind();
        c.setCellStyle(total ? styles.total(kind) : styles.plain(kind));
        return c;
    }
}
