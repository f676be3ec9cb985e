package com.aliaport.ops.daemon.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.daemon.testsupport.RequiredTool;
import com.aliaport.ops.report.xlsx.Column;
import com.aliaport.ops.report.xlsx.TableSheet;
import com.aliaport.ops.report.xlsx.XlsxWorkbook;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report file as openpyxl's read-only mode reads it (it trusts the sheet's declared dimension, like some BI
 * importers): every row is there, not just {@code A1}.
 */
class XlsxOpenpyxlIT {

    @Test
    void openpyxl_read_only_sees_every_row_and_column(@TempDir Path dir) throws Exception {
        String python = RequiredTool.pythonWith("openpyxl", "python3-openpyxl");
        // GIVEN a report table of 3 columns: header, 500 data rows, a totals row
        Path file = dir.resolve("t.xlsx");
        try (XlsxWorkbook wb = new XlsxWorkbook(1);
                OutputStream out = Files.newOutputStream(file)) {
            TableSheet table = wb.table(
                    "Tablo", List.of(Column.text("Ad", 10), Column.integer("Adet", 8), Column.text("Not", 10)), 10_000);
            table.beginTable();
            for (int i = 1; i <= 500; i++) {
                table.row().text(0, "satır " + i).number(1, i).text(2, "x");
            }
            table.totalRow().text(0, "Toplam").number(1, 125_250);
            wb.write(out);
        }

        // WHEN openpyxl opens it read-only
        Process p = new ProcessBuilder(
                        python,
                        "-c",
                        "import sys, openpyxl\n"
                                + "ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]\n"
                                + "rows = list(ws.iter_rows(values_only=True))\n"
                                + "print(ws.max_row, ws.max_column, len(rows), rows[-1][0], int(rows[-1][1]))\n",
                        file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD) // openpyxl warns about POI's styles
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // THEN it sees the header, the 500 rows and the totals over the three columns
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).isEqualTo("502 3 502 Toplam 125250");
    }
}
