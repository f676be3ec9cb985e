package com.aliaport.ops.report;

import static com.aliaport.ops.report.XlsxTable.amount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.manifest.ManifestReport;
import com.aliaport.ops.seed.DemoDataSeeder;
import com.aliaport.ops.seed.SeedScale;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ManifestReportIT {
    @Test
    void items_totals_and_the_consignee_summary_equal_the_sums_computed_in_sql(Database db) throws IOException {
        // GIVEN demo manifests, and the biggest of them
        DSLContext dsl = db.dsl();
        new DemoDataSeeder(dsl, CariEkstreReportIT.CLOCK).seed(SeedScale.small().withMovements(0));
        long id = dsl.fetchOne("SELECT manifesto_id FROM manifesto_kalemleri GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
                .get(0, Long.class);

        // WHEN its report is written
        byte[] file = CariEkstreReportIT.run(
                new ManifestReport(dsl, CariEkstreReportIT.CLOCK, ReportSettings.defaults()),
                Map.of("manifest_id", id),
                new RecordingProgress());

        // THEN every item is there and the totals are the SQL sums
        var wb = XlsxTable.open(file);
        XlsxTable items = XlsxTable.read(wb, "Manifesto", "Sıra");
        Record sums = dsl.fetchOne(
                "SELECT count(*) n, sum(kap_adedi) kap, sum(brut_kg) kg, count(DISTINCT konsimento_no) bl"
                        + " FROM manifesto_kalemleri WHERE manifesto_id = ?",
                id);
        assertThat(items.data).hasSize(sums.get("n", Integer.class));
        Map<String, Object> total = items.total("Toplam");
        assertThat(total.get("Kap Adedi")).isEqualTo(sums.get("kap", Double.class));
        assertThat(amount(total, "Brüt Kg", 3)).isEqualByComparingTo(sums.get("kg", BigDecimal.class));
        // AND one summary row per consignee with its own sums
        XlsxTable consignees = XlsxTable.read(wb, "Alıcı Özeti", "Alıcı");
        var perConsignee = dsl.fetch(
                "SELECT alici, sum(brut_kg) kg, count(*) n FROM manifesto_kalemleri WHERE manifesto_id = ? GROUP BY alici",
                id);
        assertThat(consignees.data).hasSize(perConsignee.size());
        for (Record r : perConsignee) {
            Map<String, Object> row = consignees.data.stream()
                    .filter(c -> r.get("alici", String.class).equals(c.get("Alıcı")))
                    .findFirst()
                    .orElseThrow();
            assertThat(amount(row, "Brüt Kg", 3)).isEqualByComparingTo(r.get("kg", BigDecimal.class));
            assertThat(row.get("Kalem")).isEqualTo(r.get("n", Double.class));
        }
        assertThat(amount(consignees.total("Toplam"), "Brüt Kg", 3))
                .isEqualByComparingTo(sums.get("kg", BigDecimal.class));
    }

    @Test
    void a_manifest_without_items_gives_a_file_that_says_so_and_an_unknown_one_is_refused(Database db)
            throws IOException {
        DSLContext dsl = db.dsl();
        dsl.execute("INSERT INTO gemiler (imo_no, gemi_adi, bayrak) VALUES ('9074729', 'EGE YILDIZI', 'TR')");
        long id = dsl.fetchOne(
                        "INSERT INTO manifestolar (imo_no, sefer_no, tarih, yon, yukleme_limani, bosaltma_limani)"
                                + " VALUES ('9074729', '042E', '2025-05-05', 'IHRACAT', 'Aliağa (TRALI)', 'Genova (ITGOA)') RETURNING id")
                .get(0, Long.class);
        ManifestReport report = new ManifestReport(dsl, CariEkstreReportIT.CLOCK, ReportSettings.defaults());

        XlsxTable items = XlsxTable.read(
                XlsxTable.open(
                        CariEkstreReportIT.run(report, Map.of("manifest_id", String.valueOf(id)), ReportProgress.NOOP)),
                "Manifesto",
                "Sıra");

        assertThat(items.data).singleElement().satisfies(r -> assertThat(r.get("Gönderici"))
                .isEqualTo("Bu manifestoda kalem yok."));
        assertThat(items.total("Toplam").get("Kap Adedi")).isEqualTo(0.0);
        assertThatThrownBy(() -> report.validate(Map.of("manifest_id", id + 1)))
                .isInstanceOf(InvalidReportParameterException.class)
                .hasMessageContaining("manifest_id");
        assertThatThrownBy(() -> report.validate(Map.of("manifest_id", "abc")))
                .isInstanceOf(InvalidReportParameterException.class);
        assertThat(report.fileName(Map.of("manifest_id", "7"))).isEqualTo("manifest_7.xlsx");
    }
}
