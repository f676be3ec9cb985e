package com.aliaport.ops.report.xlsx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Tools that trust a sheet's {@code <dimension>} (openpyxl's read-only mode, some BI importers) read only that
 * range: a file must declare the cells it really has, not {@code A1}.
 */
class XlsxWorkbookDimensionTest {

    @Test
    void each_sheet_declares_the_range_of_the_cells_it_holds() throws IOException {
        // GIVEN a table of three columns and 250 data rows (past the streaming window of 200), then a totals row
        byte[] file;
        try (XlsxWorkbook wb = new XlsxWorkbook(1)) {
            TableSheet table = wb.table(
                    "Tablo", List.of(Column.text("Ad", 10), Column.integer("Adet", 8), Column.text("Not", 10)), 1000);
            table.beginTable();
            for (int i = 1; i <= 250; i++) {
                table.row().text(0, "satır " + i).number(1, i).text(2, "x");
            }
            table.endData();
            table.totalRow().text(0, "Toplam").number(1, 31_375);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            file = out.toByteArray();
        }

        // WHEN the sheet's XML is read as such a tool reads it
        String sheet = entry(file, "xl/worksheets/sheet1.xml");
        Matcher dimension = Pattern.compile("<dimension ref=\"([A-Z0-9:]+)\"").matcher(sheet);

        // THEN it declares the header, the 250 rows and the totals row over the three columns
        assertThat(dimension.find()).as("a <dimension> element").isTrue();
        assertThat(dimension.group(1)).isEqualTo("A1:C" + lastRow(sheet));
        assertThat(lastRow(sheet)).isGreaterThanOrEqualTo(252);
    }

    private static int lastRow(String sheetXml) {
        Matcher rows = Pattern.compile("<row r=\"(\\d+)\"").matcher(sheetXml);
        int last = 0;
        while (rows.find()) {
            last = Math.max(last, Integer.parseInt(rows.group(1)));
        }
        return last;
    }

    private static String entry(byte[] zip, String name) throws IOException {
        Path file = Files.createTempFile("dimension", ".xlsx");
        try {
            Files.write(file, zip);
            try (ZipFile z = new ZipFile(file.toFile())) {
                ZipEntry e = z.getEntry(name);
                assertThat(e).as(name).isNotNull();
                return new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            Files.delete(file);
        }
    }
}
