package com.aliaport.ops.report.manifest;

import com.aliaport.ops.report.BatchProgress;
import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.report.ReadOnlySnapshot;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportParameters;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.report.ReportSettings;
import com.aliaport.ops.report.ReportText;
import com.aliaport.ops.report.RowPipe;
import com.aliaport.ops.report.manifest.db.ManifestRepository;
import com.aliaport.ops.report.xlsx.Column;
import com.aliaport.ops.report.xlsx.TableSheet;
import com.aliaport.ops.report.xlsx.XlsxWorkbook;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Manifest: one cargo manifest's header (vessel, voyage, ports, date), every item (bill of lading, shipper,
 * consignee, goods, packages, gross kg, container) with the totals of packages and gross weight, and a summary
 * per consignee.
 */
public final class ManifestReport implements ReportBuilder {
    public static final String TYPE = "manifest";
    static final List<Column> ITEM_COLUMNS = List.of(
            Column.integer("Sıra", 6),
            Column.text("Konşimento No", 16),
            Column.text("Gönderici", 34),
            Column.text("Alıcı", 34),
            Column.text("Eşya Tanımı", 26),
            Column.integer("Kap Adedi", 10),
            Column.text("Kap Cinsi", 10),
            Column.weight("Brüt Kg"),
            Column.text("Konteyner No", 14));
    static final List<Column> CONSIGNEE_COLUMNS = List.of(
            Column.text("Alıcı", 40),
            Column.integer("Konşimento", 11),
            Column.integer("Kalem", 9),
            Column.integer("Kap Adedi", 11),
            Column.weight("Brüt Kg"));
    private static final int PACKAGES = 5;
    private static final int GROSS_KG = 7;

    private final DSLContext dsl;
    private final Clock clock;
    private final ReportSettings settings;
    private final ManifestRepository repository = new ManifestRepository();

    public ManifestReport(DSLContext dsl, Clock clock, ReportSettings settings) {
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
        ReportParameters p = new ReportParameters(raw, Set.of("manifest_id"));
        long id = p.positiveLong("manifest_id");
        if (repository.header(dsl, id).isEmpty()) {
            throw new InvalidReportParameterException("manifest_id", "no manifest " + id);
        }
        return Map.of("manifest_id", Long.toString(id));
    }

    @Override
    public String fileName(Map<String, String> parameters) {
        return "manifest_" + parameters.get("manifest_id") + ".xlsx";
    }

    @Override
    public void write(Map<String, String> parameters, OutputStream out, ReportProgress progress) throws IOException {
        long id = Long.parseLong(parameters.get("manifest_id"));
        progress.update(0, 0, "Manifesto kalemleri sayılıyor");
        try (XlsxWorkbook workbook = new XlsxWorkbook(settings.compressionLevel())) {
            TableSheet items = workbook.table("Manifesto", ITEM_COLUMNS, settings.maxRowsPerSheet());
            TableSheet consignees = workbook.table("Alıcı Özeti", CONSIGNEE_COLUMNS, settings.maxRowsPerSheet());
            long rows = ReadOnlySnapshot.call(dsl, tx -> {
                ManifestHeader header = repository
                        .header(tx, id)
                        .orElseThrow(() -> new InvalidReportParameterException("manifest_id", "no manifest " + id));
                long total = repository.count(tx, id);
                progress.update(0, total, ReportText.count(total) + " kalem bulundu");
                preamble(items, header, total);
                preamble(consignees, header, total);

                ConsigneeTotals totals = new ConsigneeTotals();
                BatchProgress batches = new BatchProgress(TYPE, progress, "Kalemler yazılıyor", total);
                batches.checkStop();
                RowPipe.<ManifestItem>run(
                        TYPE,
                        settings.fetchSize(),
                        sink -> repository.items(tx, id, settings.fetchSize(), item -> sink.accept(totals.add(item))),
                        batch -> {
                            for (ManifestItem item : batch) {
                                items.row()
                                        .number(0, item.lineNo())
                                        .text(1, item.billOfLading())
                                        .text(2, item.shipper())
                                        .text(3, item.consignee())
                                        .text(4, item.goods())
                                        .number(PACKAGES, item.packages())
                                        .text(6, item.packageKind())
                                        .number(GROSS_KG, item.grossKg())
                                        .text(8, item.container());
                            }
                            batches.advance(batch.size());
                        });
                if (total == 0) {
                    items.row().text(2, "Bu manifestoda kalem yok.");
                    consignees.row().text(0, "Bu manifestoda kalem yok.");
                }
                items.totalRow()
                        .text(
                                2,
                                "Toplam: " + ReportText.count(total) + " kalem, "
                                        + ReportText.count(totals.billsOfLading()) + " konşimento")
                        .number(PACKAGES, totals.packages())
                        .number(GROSS_KG, totals.grossKg());
                writeConsignees(consignees, totals, total);
                return total;
            });
            String params = ReportText.parameters(parameters);
            String madeAt = ReportText.madeAt(clock.instant(), settings.zone());
            items.footer(params, madeAt);
            consignees.footer(params, madeAt);
            progress.update(rows, rows, "Dosya sıkıştırılıyor");
            workbook.write(out);
        }
    }

    private static void preamble(TableSheet sheet, ManifestHeader h, long items) {
        sheet.title("Manifesto " + h.voyage() + " – " + h.vesselName());
        sheet.field("Manifesto No", Long.toString(h.id()));
        sheet.field("Gemi", h.vesselName() + " (IMO " + h.imo() + ", bayrak " + h.flag() + ")");
        sheet.field("Sefer No", h.voyage());
        sheet.field(
                "Yön",
                switch (h.direction()) {
                    case "IHRACAT" -> "İhracat";
                    case "ITHALAT" -> "İthalat";
                    case "TRANSIT" -> "Transit";
                    default -> h.direction();
                });
        sheet.field("Yükleme Limanı", h.loadingPort());
        sheet.field("Boşaltma Limanı", h.dischargePort());
        sheet.field("Tarih", ReportText.date(h.date()));
        sheet.field("Kalem Sayısı", ReportText.count(items));
        sheet.blank();
        sheet.beginTable();
    }

    private static void writeConsignees(TableSheet sheet, ConsigneeTotals totals, long items) {
        for (ConsigneeTotals.Consignee c : totals.consignees()) {
            sheet.row()
                    .text(0, c.name)
                    .number(1, c.billsOfLading.size())
                    .number(2, c.items)
                    .number(3, c.packages)
                    .number(4, c.grossKg);
        }
        sheet.totalRow()
                .text(0, "Toplam")
                .number(1, totals.billsOfLading())
                .number(2, items)
                .number(3, totals.packages())
                .number(4, totals.grossKg());
    }
}
