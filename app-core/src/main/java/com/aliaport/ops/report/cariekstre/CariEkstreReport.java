package com.aliaport.ops.report.cariekstre;

import com.aliaport.ops.report.BatchProgress;
import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.report.ReadOnlySnapshot;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportParameters;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.report.ReportSettings;
import com.aliaport.ops.report.ReportText;
import com.aliaport.ops.report.RowPipe;
import com.aliaport.ops.report.cariekstre.db.CariEkstreRepository;
import com.aliaport.ops.report.db.RateRepository;
import com.aliaport.ops.report.xlsx.Column;
import com.aliaport.ops.report.xlsx.TableRow;
import com.aliaport.ops.report.xlsx.TableSheet;
import com.aliaport.ops.report.xlsx.XlsxWorkbook;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Cari ekstre: a customer's header, the opening balance (everything before {@code date_from}), every movement of
 * the period with its TRY equivalent and the running balance in TRY, the totals of debit and credit (per currency
 * and in TRY) and the closing balance.
 */
public final class CariEkstreReport implements ReportBuilder {
    public static final String TYPE = "cari-ekstre";
    static final List<Column> COLUMNS = List.of(
            Column.date("Tarih"),
            Column.text("Belge No", 18),
            Column.text("Belge Türü", 16),
            Column.text("Açıklama", 44),
            Column.text("Para Birimi", 8),
            Column.amount("Borç"),
            Column.amount("Alacak"),
            Column.date("Kur Tarihi"),
            Column.integer("Birim", 6),
            Column.rate("Döviz Alış"),
            Column.amount("Borç (TL)"),
            Column.amount("Alacak (TL)"),
            Column.amount("Bakiye (TL)"));
    private static final int DESCRIPTION = 3;
    private static final int CURRENCY = 4;
    private static final int BALANCE = 12;

    private final DSLContext dsl;
    private final Clock clock;
    private final ReportSettings settings;
    private final CariEkstreRepository repository = new CariEkstreRepository();
    private final RateRepository rates = new RateRepository();

    public CariEkstreReport(DSLContext dsl, Clock clock, ReportSettings settings) {
        this.dsl = dsl;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, String> validate(Map<String, Object> raw) {
        ReportParameters p = new ReportParameters(raw, Set.of("cari_code", "date_from", "date_to"));
        String code = p.text("cari_code", 20);
        LocalDate from = p.date("date_from");
        LocalDate to = p.date("date_to");
        ReportParameters.requirePeriod(from, to, 3_660);
        if (repository.find(dsl, code).isEmpty()) {
            throw new InvalidReportParameterException("cari_code", "no customer " + code);
        }
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("cari_code", code);
        valid.put("date_from", from.toString());
        valid.put("date_to", to.toString());
        return valid;
    }

    @Override
    public String fileName(Map<String, String> parameters) {
        return "cari-ekstre_" + parameters.get("cari_code") + "_" + parameters.get("date_from") + "_"
                + parameters.get("date_to") + ".xlsx";
    }

    @Override
    public void write(Map<String, String> parameters, OutputStream out, ReportProgress progress) throws IOException {
        String code = parameters.get("cari_code");
        LocalDate from = LocalDate.parse(parameters.get("date_from"));
        LocalDate to = LocalDate.parse(parameters.get("date_to"));
        progress.update(0, 0, "Hareketler sayılıyor");
        try (XlsxWorkbook workbook = new XlsxWorkbook(settings.compressionLevel())) {
            TableSheet sheet = workbook.table("Ekstre", COLUMNS, settings.maxRowsPerSheet());
            long rows = ReadOnlySnapshot.call(dsl, tx -> {
                Cari cari = repository
                        .find(tx, code)
                        .orElseThrow(() -> new InvalidReportParameterException("cari_code", "no customer " + code));
                long total = repository.count(tx, code, from, to);
                progress.update(0, total, ReportText.count(total) + " hareket bulundu; açılış bakiyesi hesaplanıyor");
                BigDecimal opening = repository.openingBalanceTry(tx, code, from);
                StatementLines lines = new StatementLines(rates.upTo(tx, to), opening);

                preamble(sheet, cari, from, to);
                sheet.row()
                        .date(0, from)
                        .text(DESCRIPTION, "Devir (açılış bakiyesi, " + ReportText.date(from) + " öncesi)")
                        .number(BALANCE, opening);
                BatchProgress batches = new BatchProgress(TYPE, progress, "Hareketler yazılıyor", total);
                batches.checkStop();
                RowPipe.<StatementLine>run(
                        TYPE,
                        settings.fetchSize(),
                        sink -> repository.movements(
                                tx, code, from, to, settings.fetchSize(), m -> sink.accept(lines.next(m))),
                        batch -> {
                            for (StatementLine line : batch) {
                                writeLine(sheet.row(), line);
                            }
                            batches.advance(batch.size());
                        });
                if (total == 0) {
                    sheet.row().text(DESCRIPTION, "Seçilen dönemde hareket yok.");
                }
                totals(sheet, lines, opening);
                return total;
            });
            sheet.footer(ReportText.parameters(parameters), ReportText.madeAt(clock.instant(), settings.zone()));
            progress.update(rows, rows, "Dosya sıkıştırılıyor");
            workbook.write(out);
        }
    }

    private static void preamble(TableSheet sheet, Cari cari, LocalDate from, LocalDate to) {
        sheet.title("Cari Hesap Ekstresi");
        sheet.field("Cari Kodu", cari.code());
        sheet.field("Unvan", cari.name());
        sheet.field(
                "Vergi Dairesi / No", (cari.taxOffice() == null ? "" : cari.taxOffice() + " / ") + cari.taxNumber());
        sheet.field("Adres", cari.address() == null ? "" : cari.address());
        sheet.field("Hesap Para Birimi", cari.currency());
        sheet.field("Dönem", ReportText.period(from, to));
        sheet.note(ReportText.RATE_NOTE + " Bakiye TL olarak yürütülür.");
        sheet.blank();
        sheet.beginTable();
    }

    private static void writeLine(TableRow row, StatementLine line) {
        Movement m = line.movement();
        row.date(0, m.date())
                .text(1, m.documentNo())
                .text(2, m.documentType())
                .text(DESCRIPTION, m.description())
                .text(CURRENCY, m.currency())
                .number(5, nonZero(m.debit()))
                .number(6, nonZero(m.credit()));
        if (line.rate() != null) {
            row.date(7, line.rate().bulletinDate())
                    .number(8, line.rate().unit())
                    .number(9, line.rate().buying());
        }
        row.number(10, nonZero(line.debitTry()))
                .number(11, nonZero(line.creditTry()))
                .number(BALANCE, line.balanceTry());
    }

    private static void totals(TableSheet sheet, StatementLines lines, BigDecimal opening) {
        sheet.endData();
        sheet.totalRow().text(DESCRIPTION, "Açılış Bakiyesi (TL)").number(BALANCE, opening);
        sheet.totalRow()
                .text(DESCRIPTION, "Dönem Toplamı (TL)")
                .number(10, lines.debitTry())
                .number(11, lines.creditTry());
        lines.byCurrency().forEach((currency, t) -> sheet.totalRow()
                .text(DESCRIPTION, "Toplam " + currency + " (" + ReportText.count(t.count()) + " hareket)")
                .text(CURRENCY, currency)
                .number(5, t.debit())
                .number(6, t.credit())
                .number(10, t.debitTry())
                .number(11, t.creditTry()));
        sheet.totalRow().text(DESCRIPTION, "Kapanış Bakiyesi (TL)").number(BALANCE, lines.closing());
    }

    private static BigDecimal nonZero(BigDecimal value) {
        return value.signum() == 0 ? null : value;
    }
}
