package com.aliaport.ops.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A report file read back as a reader would see it: for a table (its sheets by base name), the header row and
 * the rows below it, split into data rows (up to the first bold totals row) and totals rows.
 */
public final class XlsxTable {
    public final List<String> headers;
    public final List<Map<String, Object>> data = new ArrayList<>();
    public final List<Map<String, Object>> totals = new ArrayList<>();
    public final List<String> sheetNames = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();
    public final List<Integer> dataRowsPerSheet = new ArrayList<>();
    public final List<String> autoFilters = new ArrayList<>();

    private XlsxTable(List<String> headers) {
        this.headers = headers;
    }

    public static XSSFWorkbook open(byte[] file) {
        try {
            return new XSSFWorkbook(new ByteArrayInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table on the sheets {@code name}, {@code name (2)}, …; {@code firstHeader} finds its header row. */
    public static XlsxTable read(XSSFWorkbook wb, String name, String firstHeader) {
        XlsxTable table = null;
        for (int s = 0; s < wb.getNumberOfSheets(); s++) {
            Sheet sheet = wb.getSheetAt(s);
            if (!sheet.getSheetName().equals(name) && !sheet.getSheetName().startsWith(name + " (")) {
                continue;
            }
            int header = -1;
            for (Row row : sheet) {
                if (row.getCell(0) != null
                        && row.getCell(0).getCellType() == CellType.STRING
                        && row.getCell(0).getStringCellValue().equals(firstHeader)) {
                    header = row.getRowNum();
                    break;
                }
            }
            if (header < 0) {
                throw new AssertionError("no header '" + firstHeader + "' on sheet " + sheet.getSheetName());
            }
            List<String> headers = new ArrayList<>();
            for (Cell c : sheet.getRow(header)) {
                headers.add(c.getStringCellValue());
            }
            if (table == null) {
                table = new XlsxTable(headers);
            }
            table.sheetNames.add(sheet.getSheetName());
            var filter = ((org.apache.poi.xssf.usermodel.XSSFSheet) sheet)
                    .getCTWorksheet()
                    .getAutoFilter();
            table.autoFilters.add(filter == null ? null : filter.getRef());
            int rows = 0;
            for (int r = header + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                Map<String, Object> values = new LinkedHashMap<>();
                boolean bold = false;
                for (Cell c : row) {
                    if (c.getColumnIndex() < headers.size()) {
                        Object v =
                                switch (c.getCellType()) {
                                    case NUMERIC -> c.getNumericCellValue();
                                    case STRING -> c.getStringCellValue();
                                    default -> null;
                                };
                        if (v != null) {
                            values.put(headers.get(c.getColumnIndex()), v);
                        }
                    }
                    bold |= wb.getFontAt(c.getCellStyle().getFontIndex()).getBold();
                }
                if (bold) {
                    table.totals.add(values);
                } else if (row.getCell(0) != null
                        && row.getCell(0).getCellStyle().getFontIndex() != 0
                        && wb.getFontAt(row.getCell(0).getCellStyle().getFontIndex())
                                .getItalic()) {
                    table.notes.add(row.getCell(0).getStringCellValue());
                } else if (table.totals.isEmpty() && !values.isEmpty()) {
                    table.data.add(values);
                    rows++;
                }
            }
            table.dataRowsPerSheet.add(rows);
        }
        if (table == null) {
            throw new AssertionError("no sheet " + name);
        }
        return table;
    }

    /** The totals row whose some cell starts with {@code label}. */
    public Map<String, Object> total(String label) {
        return totals.stream()
                .filter(row -> row.values().stream().anyMatch(v -> v instanceof String s && s.startsWith(label)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no totals row '" + label + "' in " + totals));
    }

    /** A cell as an amount to kuruş (Excel keeps doubles; these are exact to two decimals). */
    public static BigDecimal amount(Map<String, Object> row, String header) {
        Object v = row.get(header);
        return v == null
                ? BigDecimal.ZERO.setScale(2)
                : BigDecimal.valueOf((Double) v).setScale(2, RoundingMode.HALF_UP);
    }

    public static BigDecimal amount(Map<String, Object> row, String header, int scale) {
        Object v = row.get(header);
        return v == null
                ? BigDecimal.ZERO.setScale(scale)
                : BigDecimal.valueOf((Double) v).setScale(scale, RoundingMode.HALF_UP);
    }
}
