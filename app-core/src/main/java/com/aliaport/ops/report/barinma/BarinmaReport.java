package com.aliaport.ops.report.barinma;

import com.aliaport.ops.report.BatchProgress;
import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.report.ReadOnlySnapshot;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportParameters;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.report.ReportSettings;
import com.aliaport.ops.report.ReportText;
import com.aliaport.ops.report.RowPipe;
import com.aliaport.ops.report.barinma.db.BarinmaRepository;
import com.aliaport.ops.report.db.RateRepository;
import com.aliaport.ops.report.xlsx.Column;
import com.aliaport.ops.report.xlsx.TableRow;
import com.aliaport.ops.report.xlsx.TableSheet;
import com.aliaport.ops.report.xlsx.XlsxWorkbook;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Barınma özet: the berthing stays whose arrival falls in the period (Istanbul days), optionally of one customer.
 * A summary sheet per customer and vessel (stays, days, amounts per currency and their TRY equivalent) and a
 * detail sheet with every stay; totals per currency on both.
 */
public final class BarinmaReport implements ReportBuilder {
    public static final String TYPE = "barinma";
    static final List<Column> DETAIL_COLUMNS = List.of(
            Column.dateTime("Giriş"),
            Column.dateTime("Çıkış"),
            Column.integer("Gün", 6),
            Column.text("Cari Kodu", 12),
            Column.text("Cari Unvanı", 36),
            Column.text("IMO No", 9),
            Column.text("Gemi Adı", 22),
            Column.text("Bayrak", 7),
            Column.text("Rıhtım", 18),
            Column.text("Tarife", 10),
            Column.text("Para Birimi", 8),
            Column.amount("Tutar"),
            Column.date("Kur Tarihi"),
            Column.integer("Birim", 6),
            Column.rate("Döviz Alış"),
            Column.amount("TL Karşılığı"));
    private static final int D_DAYS = 2;
    private static final int D_NAME = 4;
    private static final int D_CURRENCY = 10;
    private static final int D_AMOUNT = 11;
    private static final int D_TRY = 15;

    private final DSLContext dsl;
    private final Clock clock;
    private final ReportSettings settings;
    private final BarinmaRepository repository = new BarinmaRepository();
    private final RateRepository rates = new RateRepository();

    public BarinmaReport(DSLContext dsl, Clock clock, ReportSettings settings) {
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
        ReportParameters p = new ReportParameters(raw, Set.of("date_from", "date_to", "cari_code"));
        LocalDate from = p.date("date_from");
        LocalDate to = p.date("date_to");
        ReportParameters.requirePeriod(from, to, 3_660);
        Optional<String> customer = p.optionalText("cari_code", 20);
        customer.ifPresent(code -> {
            if (!repository.customerExists(dsl, code)) {
                throw new InvalidReportParameterException("cari_code", "no customer " + code);
            }
        });
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("date_from", from.toString());
        valid.put("date_to", to.toString());
        customer.ifPresent(code -> valid.put("cari_code", code));
        return valid;
    }

    @Override
    public String fileName(Map<String, String> parameters) {
        String customer = parameters.containsKey("cari_code") ? "_" + parameters.get("cari_code") : "";
        return "barinma-ozet_" + parameters.get("date_from") + "_" + parameters.get("date_to") + customer + ".xlsx";
    }

    @Override
    public void write(Map<String, String> parameters, OutputStream out, ReportProgress progress) throws IOException {
        LocalDate fromDay = LocalDate.parse(parameters.get("date_from"));
        LocalDate toDay = LocalDate.parse(parameters.get("date_to"));
        Optional<String> customer = Optional.ofNullable(parameters.get("cari_code"));
        Instant from = fromDay.atStartOfDay(settings.zone()).toInstant();
        Instant toExclusive = toDay.plusDays(1).atStartOfDay(settings.zone()).toInstant();
        Instant now = clock.instant();
        progress.update(0, 0, "Barınma kayıtları sayılıyor");
        try (XlsxWorkbook workbook = new XlsxWorkbook(settings.compressionLevel())) {
            long rows = ReadOnlySnapshot.call(dsl, tx -> {
                long total = repository.count(tx, from, toExclusive, customer);
                List<String> currencies = repository.currencies(tx, from, toExclusive, customer);
                progress.update(0, total, ReportText.count(total) + " barınma kaydı bulundu");
                String filter = customer.map(code ->
                                code + " – " + repository.customerName(tx, code).orElse(""))
                        .orElse("Tüm cariler");
                // The summary is the first sheet but is filled last, from the sums of the detail rows.
                List<Column> summaryColumns = summaryColumns(currencies);
                TableSheet summary = workbook.table("Özet", summaryColumns, settings.maxRowsPerSheet());
                TableSheet detail = workbook.table("Konaklamalar", DETAIL_COLUMNS, settings.maxRowsPerSheet());
                preamble(summary, "Barınma Özet Raporu", fromDay, toDay, filter);
                preamble(detail, "Barınma Kayıtları", fromDay, toDay, filter);

                BerthingTotals totals = new BerthingTotals(rates.upTo(tx, toDay), settings.zone(), now);
                BatchProgress batches = new BatchProgress(TYPE, progress, "Barınma kayıtları yazılıyor", total);
                batches.checkStop();
                RowPipe.<StayLine>run(
                        TYPE,
                        settings.fetchSize(),
                        sink -> repository.stays(
                                tx,
                                from,
                                toExclusive,
                                customer,
                                settings.fetchSize(),
                                s -> sink.accept(totals.next(s))),
                        batch -> {
                            for (StayLine line : batch) {
                                writeStay(detail.row(), line);
                            }
                            batches.advance(batch.size());
                        });
                if (total == 0) {
                    detail.row().text(D_NAME, "Seçilen dönemde barınma kaydı yok.");
                    summary.row().text(1, "Seçilen dönemde barınma kaydı yok.");
                }
                detailTotals(detail, totals);
                writeSummary(summary, currencies, totals);
                return total;
            });
            String params = ReportText.parameters(parameters);
            String madeAt = ReportText.madeAt(now, settings.zone());
            for (TableSheet sheet : workbook.tables()) {
                sheet.footer(params, madeAt);
            }
            progress.update(rows, rows, "Dosya sıkıştırılıyor");
            workbook.write(out);
        }
    }

    private static List<Column> summaryColumns(List<String> currencies) {
        List<Column> columns = new ArrayList<>(List.of(
                Column.text("Cari Kodu", 12),
                Column.text("Cari Unvanı", 36),
                Column.text("IMO No", 9),
                Column.text("Gemi Adı", 22),
                Column.text("Bayrak", 7),
                Column.integer("Konaklama", 12),
                Column.integer("Gün", 8)));
        for (String currency : currencies) {
            columns.add(Column.amount("Tutar (" + currency + ")"));
        }
        columns.add(Column.amount("TL Karşılığı"));
        return columns;
    }

    private static void preamble(TableSheet sheet, String title, LocalDate from, LocalDate to, String filter) {
        sheet.title(title);
        sheet.field("Dönem", ReportText.period(from, to) + " (giriş tarihine göre)");
        sheet.field("Cari", filter);
        sheet.note(ReportText.RATE_NOTE + " Barınmalarda kur, giriş günüdür.");
        sheet.blank();
        sheet.beginTable();
    }

    private void writeStay(TableRow row, StayLine line) {
        Stay s = line.stay();
        row.dateTime(0, LocalDateTime.ofInstant(s.arrival(), settings.zone()));
        if (s.departure() == null) {
            row.text(1, "Devam ediyor");
        } else {
            row.dateTime(1, LocalDateTime.ofInstant(s.departure(), settings.zone()));
        }
        row.number(D_DAYS, line.days())
                .text(3, s.customerCode())
                .text(D_NAME, s.customerName())
                .text(5, s.imo())
                .text(6, s.vesselName())
                .text(7, s.flag())
                .text(8, s.berth())
                .text(9, s.tariff())
                .text(D_CURRENCY, s.currency())
                .number(D_AMOUNT, s.amount());
        if (line.rate() != null) {
            row.date(12, line.rate().bulletinDate())
                    .number(13, line.rate().unit())
                    .number(14, line.rate().buying());
        }
        row.number(D_TRY, line.amountTry());
    }

    private static void detailTotals(TableSheet detail, BerthingTotals totals) {
        detail.endData();
        totals.byCurrency().forEach((currency, t) -> detail.totalRow()
                .text(D_NAME, "Toplam " + currency + " (" + ReportText.count(t.stays()) + " konaklama)")
                .number(D_DAYS, t.days())
                .text(D_CURRENCY, currency)
                .number(D_AMOUNT, t.amount())
                .number(D_TRY, t.amountTry()));
        detail.totalRow().text(D_NAME, "Genel Toplam (TL)").number(D_TRY, totals.amountTry());
    }

    private static void writeSummary(TableSheet summary, List<String> currencies, BerthingTotals totals) {
        int firstAmount = 7;
        int tryColumn = firstAmount + currencies.size();
        long stays = 0;
        long days = 0;
        for (BerthingTotals.Group g : totals.groups()) {
            TableRow row = summary.row()
                    .text(0, g.customerCode)
                    .text(1, g.customerName)
                    .text(2, g.imo)
                    .text(3, g.vesselName)
                    .text(4, g.flag)
                    .number(5, g.stays)
                    .number(6, g.days);
            for (int i = 0; i < currencies.size(); i++) {
                row.number(firstAmount + i, g.amounts.get(currencies.get(i)));
            }
            row.number(tryColumn, g.amountTry);
            stays += g.stays;
            days += g.days;
        }
        TableRow total = summary.totalRow().text(1, "Toplam").number(5, stays).number(6, days);
        Map<String, BerthingTotals.CurrencyTotal> byCurrency = totals.byCurrency();
        for (int i = 0; i < currencies.size(); i++) {
            BerthingTotals.CurrencyTotal t = byCurrency.get(currencies.get(i));
            total.number(firstAmount + i, t == null ? BigDecimal.ZERO : t.amount());
        }
        total.number(tryColumn, totals.amountTry());
    }
}
