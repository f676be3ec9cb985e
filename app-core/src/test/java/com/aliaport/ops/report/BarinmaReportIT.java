package com.aliaport.ops.report;

import static com.aliaport.ops.report.XlsxTable.amount;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.barinma.BarinmaReport;
import com.aliaport.ops.seed.DemoDataSeeder;
import com.aliaport.ops.seed.SeedScale;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class BarinmaReportIT {
    private static final String PERIOD = "b.giris >= '2025-06-01 00:00'::timestamp AT TIME ZONE 'Europe/Istanbul'"
            + " AND b.giris < '2026-01-01 00:00'::timestamp AT TIME ZONE 'Europe/Istanbul'";

    @Test
    void totals_per_currency_and_in_try_equal_the_sums_computed_in_sql(Database db) throws IOException {
        // GIVEN the small demo data
        DSLContext dsl = db.dsl();
        new DemoDataSeeder(dsl, CariEkstreReportIT.CLOCK).seed(SeedScale.small().withMovements(0));

        // WHEN the berthing summary of seven months is written
        byte[] file = CariEkstreReportIT.run(
                new BarinmaReport(dsl, CariEkstreReportIT.CLOCK, ReportSettings.defaults()),
                Map.of("date_from", "2025-06-01", "date_to", "2025-12-31"),
                new RecordingProgress());

        // THEN the detail has every stay and its totals per currency are the SQL sums
        XSSFWorkbook wb = XlsxTable.open(file);
        assertThat(wb.getSheetName(0)).isEqualTo("Özet");
        XlsxTable detail = XlsxTable.read(wb, "Konaklamalar", "Giriş");
        XlsxTable summary = XlsxTable.read(wb, "Özet", "Cari Kodu");
        long stays = dsl.fetchOne("SELECT count(*) FROM barinma_kayitlari b WHERE " + PERIOD)
                .get(0, Long.class);
        assertThat(detail.data).hasSize((int) stays);
        BigDecimal grandTry = BigDecimal.ZERO;
        for (Record r : dsl.fetch("""
                SELECT b.para_birimi, count(*) n, sum(b.tutar) tutar,
                       sum(CASE WHEN b.para_birimi = 'TRY' THEN b.tutar ELSE round(b.tutar * k.alis / k.birim, 2) END) tl
                FROM barinma_kayitlari b
                LEFT JOIN LATERAL (SELECT alis, birim FROM kurlar WHERE doviz_kodu = b.para_birimi
                                     AND tarih <= (b.giris AT TIME ZONE 'Europe/Istanbul')::date
                                   ORDER BY tarih DESC LIMIT 1) k ON true
                WHERE %s GROUP BY b.para_birimi""".formatted(PERIOD))) {
            String currency = r.get("para_birimi", String.class);
            Map<String, Object> total = detail.total("Toplam " + currency);
            assertThat(amount(total, "Tutar")).isEqualByComparingTo(r.get("tutar", BigDecimal.class));
            assertThat(amount(total, "TL Karşılığı")).isEqualByComparingTo(r.get("tl", BigDecimal.class));
            assertThat(amount(summary.total("Toplam"), "Tutar (" + currency + ")"))
                    .isEqualByComparingTo(r.get("tutar", BigDecimal.class));
            grandTry = grandTry.add(r.get("tl", BigDecimal.class));
        }
        assertThat(amount(detail.total("Genel Toplam"), "TL Karşılığı")).isEqualByComparingTo(grandTry);
        assertThat(amount(summary.total("Toplam"), "TL Karşılığı")).isEqualByComparingTo(grandTry);
        // AND the summary has one row per customer and vessel with the stays counted
        long groups = dsl.fetchOne(
                        "SELECT count(DISTINCT (b.cari_kodu, b.imo_no)) FROM barinma_kayitlari b WHERE " + PERIOD)
                .get(0, Long.class);
        assertThat(summary.data).hasSize((int) groups);
        assertThat(summary.total("Toplam").get("Konaklama")).isEqualTo((double) stays);
        assertThat(summary.headers).contains("Tutar (TRY)", "Tutar (EUR)", "Tutar (USD)", "TL Karşılığı");
    }

    @Test
    void one_customer_and_an_empty_period(Database db) throws IOException {
        DSLContext dsl = db.dsl();
        new DemoDataSeeder(dsl, CariEkstreReportIT.CLOCK).seed(SeedScale.small().withMovements(0));
        String code = dsl.fetchOne("SELECT cari_kodu FROM barinma_kayitlari GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
                .get(0, String.class);
        BarinmaReport report = new BarinmaReport(dsl, CariEkstreReportIT.CLOCK, ReportSettings.defaults());

        XlsxTable mine = XlsxTable.read(
                XlsxTable.open(CariEkstreReportIT.run(
                        report,
                        Map.of("date_from", "2024-01-01", "date_to", "2026-03-16", "cari_code", code),
                        ReportProgress.NOOP)),
                "Konaklamalar",
                "Giriş");
        XlsxTable none = XlsxTable.read(
                XlsxTable.open(CariEkstreReportIT.run(
                        report, Map.of("date_from", "2020-01-01", "date_to", "2020-12-31"), ReportProgress.NOOP)),
                "Konaklamalar",
                "Giriş");

        assertThat(mine.data).isNotEmpty().allMatch(r -> code.equals(r.get("Cari Kodu")));
        assertThat(none.data).singleElement().satisfies(r -> assertThat(r.get("Cari Unvanı"))
                .isEqualTo("Seçilen dönemde barınma kaydı yok."));
        assertThat(amount(none.total("Genel Toplam"), "TL Karşılığı")).isEqualByComparingTo("0");
        assertThat(report.fileName(Map.of("date_from", "2025-01-01", "date_to", "2025-03-31", "cari_code", code)))
                .isEqualTo("barinma-ozet_2025-01-01_2025-03-31_" + code + ".xlsx");
    }

    @Test
    void the_detail_continues_on_next_sheets_past_the_row_limit(Database db) throws IOException {
        DSLContext dsl = db.dsl();
        new DemoDataSeeder(dsl, CariEkstreReportIT.CLOCK)
                .seed(SeedScale.small().withMovements(0).withStays(300));
        ReportSettings settings =
                ReportSettings.defaults().withMaxRowsPerSheet(100).withFetchSize(37);

        byte[] file = CariEkstreReportIT.run(
                new BarinmaReport(dsl, CariEkstreReportIT.CLOCK, settings),
                Map.of("date_from", "2024-01-01", "date_to", "2026-03-16"),
                ReportProgress.NOOP);

        XSSFWorkbook wb = XlsxTable.open(file);
        XlsxTable detail = XlsxTable.read(wb, "Konaklamalar", "Giriş");
        assertThat(detail.sheetNames).hasSizeGreaterThan(3).startsWith("Konaklamalar", "Konaklamalar (2)");
        assertThat(detail.data).hasSize(300);
        assertThat(wb.getSheetName(0)).isEqualTo("Özet");
        for (int s = 0; s < wb.getNumberOfSheets(); s++) {
            assertThat(wb.getSheetAt(s).getLastRowNum()).isLessThan(100);
        }
    }
}
