package com.aliaport.ops.report.xlsx;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * The cell styles of a report, created once per workbook and shared by every cell (a workbook holds at most
 * 64,000 styles; one per cell would also slow the writing down).
 */
final class Styles {
    final CellStyle title;
    final CellStyle label;
    final CellStyle note;
    private final CellStyle header;
    private final CellStyle numberHeader;
    private final CellStyle[] plain = new CellStyle[Column.Kind.values().length];
    private final CellStyle[] total = new CellStyle[Column.Kind.values().length];

    Styles(Workbook wb) {
        var formats = wb.createDataFormat();
        Font bold = wb.createFont();
        bold.setBold(true);
        Font big = wb.createFont();
        big.setBold(true);
        big.setFontHeightInPoints((short) 14);
        Font italic = wb.createFont();
        italic.setItalic(true);
        italic.setColor(IndexedColors.GREY_80_PERCENT.getIndex());

        title = wb.createCellStyle();
        title.setFont(big);
        label = wb.createCellStyle();
        label.setFont(bold);
        note = wb.createCellStyle();
        note.setFont(italic);
        header = wb.createCellStyle();
        header.setFont(bold);
        header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        header.setBorderBottom(BorderStyle.THIN);
        header.setVerticalAlignment(VerticalAlignment.CENTER);
        header.setWrapText(true);
        // Numbers are right-aligned, so are their headers.
        numberHeader = wb.createCellStyle();
        numberHeader.cloneStyleFrom(header);
        numberHeader.setAlignment(HorizontalAlignment.RIGHT);

        for (Column.Kind kind : Column.Kind.values()) {
            String format =
                    switch (kind) {
                        case TEXT -> "@";
                        case DATE -> "dd.mm.yyyy";
                        case DATE_TIME -> "dd.mm.yyyy hh:mm";
                        case AMOUNT -> "#,##0.00";
                        case INTEGER -> "#,##0";
                        case RATE -> "#,##0.0000";
                        case WEIGHT -> "#,##0.000";
                    };
            CellStyle p = wb.createCellStyle();
            p.setDataFormat(formats.getFormat(format));
            plain[kind.ordinal()] = p;
            CellStyle t = wb.createCellStyle();
            t.setDataFormat(formats.getFormat(format));
            t.setFont(bold);
            t.setBorderTop(BorderStyle.THIN);
            total[kind.ordinal()] = t;
        }
    }

    CellStyle header(Column.Kind kind) {
        return switch (kind) {
            case AMOUNT, INTEGER, RATE, WEIGHT -> numberHeader;
            default -> header;
        };
    }

    CellStyle plain(Column.Kind kind) {
        return plain[kind.ordinal()];
    }

    CellStyle total(Column.Kind kind) {
        return total[kind.ordinal()];
    }
}
