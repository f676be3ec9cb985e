package com.aliaport.ops.report;

import static com.aliaport.ops.report.XlsxTable.amount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.cariekstre.CariEkstreReport;
import com.aliaport.ops.seed.DemoDataSeeder;
import com.aliaport.ops.seed.SeedScale;
import com.aliaport.ops.testsupport.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CariEkstreReportIT {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-16T09:00:00Z"), ZoneOffset.UTC);

    /** TRY conversion as the issue defines it, in SQL: per movement, latest bulletin on or before its date. */
    static final String TRY_SQL = """
            SELECT coalesce(sum(CASE WHEN h.para_birimi = 'TRY' THEN h.borc ELSE round(h.borc * r.alis / r.birim, 2) END), 0) AS borc_tl,
                   coalesce(sum(CASE WHEN h.para_birimi = 'TRY' THEN h.alacak ELSE round(h.alacak * r.alis / r.birim, 2) END), 0) AS alacak_tl
            FROM cari_hareketler h
            LEFT JOIN LATERAL (SELECT alis, birim FROM kurlar k WHERE k.doviz_kodu = h.para_birimi AND k.tarih <= h.tarih
                               ORDER BY k.tarih DESC LIMIT 1) r ON true
            WHERE h.cari_kodu = ? AND h.tarih BETWEEN ? AND ?
            """;

    static byte[] run(ReportBuilder builder, Map<String, Object> raw, ReportProgress progress) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.write(builder.validate(raw), out, progress);
        return out.toByteArray();
    }

    private static String busiestCustomer(DSLContext dsl) {
        return dsl.fetchOne("SELECT cari_kodu FROM cari_hareketler GROUP BY cari_kodu ORDER BY count(*) DESC LIMIT 1")
                .get(0, String.class);
    }

    @Test
    void totals_and_running_balance_equal_the_sums_computed_in_sql(Database db) throws IOException {
        // GIVEN the small demo data and its busiest customer
        new DemoDataSeeder(db.dsl(), CLOCK).seed(SeedScale.small().withMovements(8_000));
        DSLContext dsl = db.dsl();
        String code = busiestCustomer(dsl);
        LocalDate from = LocalDate.parse("2025-03-01");
        LocalDate to = LocalDate.parse("2026-02-28");
        CariEkstreReport report = new CariEkstreReport(dsl, CLOCK, ReportSettings.defaults());
        RecordingProgress progress = new RecordingProgress();

        // WHEN the statement of one year is written
        byte[] file = run(
                report, Map.of("cari_code", code, "date_from", from.toString(), "date_to", to.toString()), progress);

        // THEN every total is the SQL sum
        XlsxTable t = XlsxTable.read(XlsxTable.open(file), "Ekstre", "Tarih");
        Record sums = dsl.fetchOne(TRY_SQL, code, from, to);
        Record opening = dsl.fetchOne(TRY_SQL, code, LocalDate.of(1900, 1, 1), from.minusDays(1));
        BigDecimal openingTry =
                opening.get("borc_tl", BigDecimal.class).subtract(opening.get("alacak_tl", BigDecimal.class));
        long count = dsl.fetchCount(
                dsl.selectFrom("cari_hareketler").where("cari_kodu = ? AND tarih BETWEEN ? AND ?", code, from, to));
        assertThat(t.data).hasSize((int) count + 1); // the opening row, then every movement
        assertThat(amount(t.total("Açılış Bakiyesi"), "Bakiye (TL)")).isEqualByComparingTo(openingTry);
        assertThat(amount(t.total("Dönem Toplamı"), "Borç (TL)"))
                .isEqualByComparingTo(sums.get("borc_tl", BigDecimal.class));
        assertThat(amount(t.total("Dönem Toplamı"), "Alacak (TL)"))
                .isEqualByComparingTo(sums.get("alacak_tl", BigDecimal.class));
        for (Record perCurrency : dsl.fetch(
                "SELECT para_birimi, sum(borc) b, sum(alacak) a FROM cari_hareketler"
                        + " WHERE cari_kodu = ? AND tarih BETWEEN ? AND ? GROUP BY para_birimi",
                code,
                from,
                to)) {
            Map<String, Object> row = t.total(
                    "Toplam " + perCurrency.get("para_birimi", String.class).trim());
            assertThat(amount(row, "Borç")).isEqualByComparingTo(perCurrency.get("b", BigDecimal.class));
            assertThat(amount(row, "Alacak")).isEqualByComparingTo(perCurrency.get("a", BigDecimal.class));
        }
        // AND the running balance of the last row is opening + debit − credit, as is the closing balance
        BigDecimal expectedClosing =
                openingTry.add(sums.get("borc_tl", BigDecimal.class)).subtract(sums.get("alacak_tl", BigDecimal.class));
        assertThat(amount(t.data.getLast(), "Bakiye (TL)")).isEqualByComparingTo(expectedClosing);
        assertThat(amount(t.total("Kapanış Bakiyesi"), "Bakiye (TL)")).isEqualByComparingTo(expectedClosing);
        // AND the presentation is there: header, filter over the data, the rate rule and the footer
        assertThat(t.headers)
                .startsWith("Tarih", "Belge No", "Belge Türü", "Açıklama", "Para Birimi", "Borç", "Alacak");
        assertThat(t.autoFilters.getFirst()).startsWith("A10:M");
        assertThat(t.notes).anyMatch(n -> n.startsWith("Parametreler: cari_code=" + code));
        assertThat(t.notes).anyMatch(n -> n.startsWith("Oluşturulma: 16.03.2026 12:00:00"));
        // AND the progress said the count first, then rows up to it
        assertThat(progress.updates.get(1).total()).isEqualTo(count);
        assertThat(progress.updates)
                .anyMatch(u -> u.current() == count && u.status().startsWith("Hareketler yazılıyor"));
    }

    @Test
    void a_weekend_movement_takes_fridays_bulletin_and_yen_is_per_100(Database db) throws IOException {
        // GIVEN Friday's and Monday's bulletins and movements on the weekend between them
        DSLContext dsl = db.dsl();
        customer(dsl, "120.01.0001");
        rate(dsl, "2025-03-07", "USD", 1, "36.5000");
        rate(dsl, "2025-03-10", "USD", 1, "37.0000");
        rate(dsl, "2025-03-07", "JPY", 100, "25.0000");
        rate(dsl, "2025-03-10", "JPY", 100, "26.0000");
        movement(dsl, "2025-03-08", "SAT-USD", "USD", "100.00", "0");
        movement(dsl, "2025-03-09", "SUN-JPY", "JPY", "10000.00", "0");
        movement(dsl, "2025-03-10", "MON-USD", "USD", "0", "50.00");
        movement(dsl, "2025-03-10", "MON-TRY", "TRY", "0", "123.45");

        byte[] file = run(
                new CariEkstreReport(dsl, CLOCK, ReportSettings.defaults()),
                Map.of("cari_code", "120.01.0001", "date_from", "2025-03-01", "date_to", "2025-03-31"),
                ReportProgress.NOOP);

        XlsxTable t = XlsxTable.read(XlsxTable.open(file), "Ekstre", "Tarih");
        Map<String, Map<String, Object>> byDocument = new HashMap<>();
        t.data.forEach(row -> byDocument.put((String) row.get("Belge No"), row));
        // Saturday's USD at Friday's 36.50
        assertThat(amount(byDocument.get("SAT-USD"), "Borç (TL)")).isEqualByComparingTo("3650.00");
        assertThat(byDocument.get("SAT-USD").get("Döviz Alış")).isEqualTo(36.5);
        assertThat(byDocument.get("SAT-USD").get("Kur Tarihi")).isEqualTo(45723.0); // 07.03.2025 as an Excel date
        // Sunday's 10,000 JPY at Friday's 25.00 per 100 yen
        assertThat(amount(byDocument.get("SUN-JPY"), "Borç (TL)")).isEqualByComparingTo("2500.00");
        assertThat(byDocument.get("SUN-JPY").get("Birim")).isEqualTo(100.0);
        // Monday's at Monday's own bulletin
        assertThat(amount(byDocument.get("MON-USD"), "Alacak (TL)")).isEqualByComparingTo("1850.00");
        assertThat(amount(t.total("Kapanış Bakiyesi"), "Bakiye (TL)")).isEqualByComparingTo("4176.55");
        assertThat(t.data.getLast().get("Bakiye (TL)")).isEqualTo(4176.55);
    }

    @Test
    void an_empty_period_gives_a_valid_file_that_says_so(Database db) throws IOException {
        DSLContext dsl = db.dsl();
        customer(dsl, "120.01.0001");
        movement(dsl, "2024-01-10", "OLD", "TRY", "1000.00", "0");

        byte[] file = run(
                new CariEkstreReport(dsl, CLOCK, ReportSettings.defaults()),
                Map.of("cari_code", "120.01.0001", "date_from", "2025-01-01", "date_to", "2025-01-31"),
                ReportProgress.NOOP);

        XlsxTable t = XlsxTable.read(XlsxTable.open(file), "Ekstre", "Tarih");
        assertThat(t.data).extracting(r -> r.get("Açıklama")).anyMatch(a -> "Seçilen dönemde hareket yok.".equals(a));
        assertThat(amount(t.total("Açılış Bakiyesi"), "Bakiye (TL)")).isEqualByComparingTo("1000.00");
        assertThat(amount(t.total("Kapanış Bakiyesi"), "Bakiye (TL)")).isEqualByComparingTo("1000.00");
    }

    @Test
    void past_the_row_limit_the_table_continues_on_a_next_sheet(Database db) throws IOException {
        DSLContext dsl = db.dsl();
        customer(dsl, "120.01.0001");
        for (int i = 0; i < 130; i++) {
            movement(dsl, LocalDate.parse("2025-01-01").plusDays(i % 28).toString(), "F" + i, "TRY", i + ".00", "0");
        }
        ReportSettings settings =
                ReportSettings.defaults().withMaxRowsPerSheet(50).withFetchSize(16);

        byte[] file = run(
                new CariEkstreReport(dsl, CLOCK, settings),
                Map.of("cari_code", "120.01.0001", "date_from", "2025-01-01", "date_to", "2025-01-31"),
                ReportProgress.NOOP);

        XSSFWorkbook wb = XlsxTable.open(file);
        XlsxTable t = XlsxTable.read(wb, "Ekstre", "Tarih");
        assertThat(t.sheetNames).containsExactly("Ekstre", "Ekstre (2)", "Ekstre (3)");
        assertThat(t.data).hasSize(131);
        assertThat(t.data.stream()
                        .filter(r -> r.containsKey("Belge No"))
                        .map(r -> r.get("Belge No"))
                        .distinct())
                .hasSize(130);
        for (int s = 0; s < wb.getNumberOfSheets(); s++) {
            assertThat(wb.getSheetAt(s).getLastRowNum()).isLessThan(50);
            assertThat(wb.getSheetAt(s).getPaneInformation().isFreezePane()).isTrue();
        }
        assertThat(amount(t.total("Kapanış Bakiyesi"), "Bakiye (TL)")).isEqualByComparingTo("8385.00");
    }

    @Test
    void a_stop_request_ends_the_report_between_batches(Database db) {
        DSLContext dsl = db.dsl();
        customer(dsl, "120.01.0001");
        for (int i = 0; i < 100; i++) {
            movement(dsl, "2025-01-15", "F" + i, "TRY", "1.00", "0");
        }
        ReportSettings settings = ReportSettings.defaults().withFetchSize(10);

        assertThatThrownBy(() -> run(
                        new CariEkstreReport(dsl, CLOCK, settings),
                        Map.of("cari_code", "120.01.0001", "date_from", "2025-01-01", "date_to", "2025-01-31"),
                        new RecordingProgress(30)))
                .isInstanceOf(ReportStoppedException.class)
                .hasMessageContaining("after 30 of 100 rows");
    }

    @Test
    void a_movement_without_any_rate_fails_the_report_naming_it(Database db) {
        DSLContext dsl = db.dsl();
        customer(dsl, "120.01.0001");
        movement(dsl, "2025-01-15", "X", "CHF", "10.00", "0");

        assertThatThrownBy(() -> run(
                        new CariEkstreReport(dsl, CLOCK, ReportSettings.defaults()),
                        Map.of("cari_code", "120.01.0001", "date_from", "2025-01-01", "date_to", "2025-01-31"),
                        ReportProgress.NOOP))
                .isInstanceOf(ReportDataException.class)
                .hasMessageContaining("CHF")
                .hasMessageContaining("2025-01-15");
    }

    @Test
    void bad_parameters_are_refused_naming_the_field(Database db) {
        CariEkstreReport report = new CariEkstreReport(db.dsl(), CLOCK, ReportSettings.defaults());
        customer(db.dsl(), "120.01.0001");

        assertThatThrownBy(() -> report.validate(
                        Map.of("cari_code", "120.01.0001", "date_from", "2025-02-01", "date_to", "2025-01-01")))
                .isInstanceOf(InvalidReportParameterException.class)
                .extracting(e -> ((InvalidReportParameterException) e).field())
                .isEqualTo("date_to");
        assertThatThrownBy(() ->
                        report.validate(Map.of("cari_code", "999", "date_from", "2025-01-01", "date_to", "2025-01-31")))
                .extracting(e -> ((InvalidReportParameterException) e).field())
                .isEqualTo("cari_code");
        assertThatThrownBy(() -> report.validate(
                        Map.of("cari_code", "120.01.0001", "date_from", "01.01.2025", "date_to", "2025-01-31")))
                .extracting(e -> ((InvalidReportParameterException) e).field())
                .isEqualTo("date_from");
        assertThatThrownBy(() -> report.validate(
                        Map.of("cari_kod", "120.01.0001", "date_from", "2025-01-01", "date_to", "2025-01-31")))
                .extracting(e -> ((InvalidReportParameterException) e).field())
                .isEqualTo("cari_kod");
        assertThat(report.validate(
                        Map.of("cari_code", " 120.01.0001 ", "date_from", "2025-01-01", "date_to", "2025-01-31")))
                .containsEntry("cari_code", "120.01.0001");
        assertThat(report.fileName(
                        Map.of("cari_code", "120.01.0001", "date_from", "2025-01-01", "date_to", "2025-01-31")))
                .isEqualTo("cari-ekstre_120.01.0001_2025-01-01_2025-01-31.xlsx");
    }

    static void customer(DSLContext dsl, String code) {
        dsl.execute(
                "INSERT INTO cari_hesaplar (cari_kodu, unvan, vergi_no, para_birimi) VALUES (?, 'Deneme Denizcilik A.Ş.', '4540536920', 'TRY')",
                code);
    }

    static void rate(DSLContext dsl, String date, String code, int unit, String buying) {
        dsl.execute(
                "INSERT INTO kurlar (tarih, doviz_kodu, birim, alis, satis, kaynak) VALUES (?::date, ?, ?, ?::numeric, ?::numeric * 1.002, 'TCMB')",
                date,
                code,
                unit,
                buying,
                buying);
    }

    static void movement(DSLContext dsl, String date, String document, String currency, String debit, String credit) {
        dsl.execute(
                "INSERT INTO cari_hareketler (cari_kodu, tarih, belge_no, belge_turu, aciklama, borc, alacak, para_birimi)"
                        + " VALUES ('120.01.0001', ?::date, ?, 'Fatura', 'deneme', ?::numeric, ?::numeric, ?)",
                date,
                document,
                debit,
                credit,
                currency);
    }
}
