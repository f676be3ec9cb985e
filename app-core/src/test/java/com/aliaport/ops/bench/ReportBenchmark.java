package com.aliaport.ops.bench;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.report.ReportSettings;
import com.aliaport.ops.report.cariekstre.CariEkstreReport;
import com.aliaport.ops.seed.DemoDataSeeder;
import com.aliaport.ops.seed.SeedReport;
import com.aliaport.ops.seed.SeedScale;
import com.aliaport.ops.testsupport.TestPostgres;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The numbers of docs/benchmarks.md (## Demo data, ## Reports). Run it with {@code bench/reports.sh}, which
 * starts it with {@code -Xmx256m}: the large demo seed, then for 10k, 100k and 1M movements of one customer the
 * account statement (database read included) beside a bare SXSSF writer producing the same cells from memory.
 * Options: {@code --skip-seed}, {@code --rows 10000,100000}.
 */
public final class ReportBenchmark {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final String CODE = "120.01.0001";

    public static void main(String[] args) throws Exception {
        ConnectionSettings settings = TestPostgres.newDatabase();
        try (Database db = Database.connect(settings, "bench", 4)) {
            System.out.printf(
                    "JVM %s, max heap %d MB, %d cores%n",
                    Runtime.version(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.getRuntime().availableProcessors());
            DemoDataSeeder seeder = new DemoDataSeeder(db.dsl(), CLOCK);
            List<String> options = List.of(args);
            if (!options.contains("--skip-seed")) {
                seedBenchmark(seeder);
            }
            int[] sizes = options.contains("--rows")
                    ? java.util.Arrays.stream(
                                    options.get(options.indexOf("--rows") + 1).split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray()
                    : new int[] {10_000, 100_000, 1_000_000};
            System.out.println();
            System.out.println(
                    "| rows | report (DB read + xlsx) | rows/s | peak heap | JVM CPU | bare SXSSF, same tuning | JVM CPU | bare SXSSF, POI defaults | report ÷ bare (same tuning) | DB read alone | file |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            boolean warm = false;
            for (int rows : sizes) {
                seeder.replace(SeedScale.small()
                        .withCustomers(1)
                        .withMovements(rows)
                        .withStays(0)
                        .withManifests(0, 0, 0)
                        .withAuditEvents(0));
                db.dsl().execute("ANALYZE cari_hareketler");
                if (!warm) {
                    statement(db.dsl(), Files.createTempFile("warm", ".xlsx"));
                    bare(lines(db.dsl()), rows, Files.createTempFile("warm", ".xlsx"), 1);
                    warm = true;
                }
                // The machine is shared: each side runs several times, alternating, and the best run counts.
                Path file = Files.createTempFile("cari-ekstre", ".xlsx");
                List<Object[]> cells = lines(db.dsl());
                Run report = null;
                Run tuned = null;
                for (int repeat = 0; repeat < (rows >= 1_000_000 ? 2 : 3); repeat++) {
                    report = best(report, statement(db.dsl(), file));
                    tuned = best(tuned, bare(cells, rows, Files.createTempFile("bare", ".xlsx"), 1));
                }
                Run defaults = bare(cells, rows, Files.createTempFile("bare", ".xlsx"), -1);
                double read = readOnly(db.dsl());
                System.out.printf(
                        "| %,d | %.2f s | %,.0f | %d MB | %.2f s | %.2f s (%d MB) | %.2f s | %.2f s | %.2f× | %.2f s | %.1f MB |%n",
                        rows,
                        report.seconds,
                        rows / report.seconds,
                        report.peakMb,
                        report.cpuSeconds,
                        tuned.seconds,
                        tuned.peakMb,
                        tuned.cpuSeconds,
                        defaults.seconds,
                        report.seconds / tuned.seconds,
                        read,
                        Files.size(file) / 1e6);
                Files.delete(file);
            }
        } finally {
            TestPostgres.drop(settings);
        }
    }

    private static void seedBenchmark(DemoDataSeeder seeder) {
        System.out.println("| scale | rows written | seconds |");
        System.out.println("|---|---|---:|");
        for (String name : List.of("small", "large")) {
            SeedReport r = seeder.replace(SeedScale.named(name));
            System.out.printf(
                    "| %s | %s | %.1f |%n",
                    name, r.summary().replaceAll(" in .*", ""), r.elapsed().toMillis() / 1000.0);
        }
    }

    /** Wall seconds, peak heap, and CPU seconds of this JVM (all threads, GC included) during the run. */
    private record Run(double seconds, long peakMb, double cpuSeconds) {}

    private static Run best(Run soFar, Run next) {
        return soFar == null || next.seconds < soFar.seconds
                ? new Run(next.seconds, Math.max(next.peakMb, soFar == null ? 0 : soFar.peakMb), next.cpuSeconds)
                : new Run(soFar.seconds, Math.max(soFar.peakMb, next.peakMb), soFar.cpuSeconds);
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    private static Run statement(DSLContext dsl, Path file) throws IOException {
        CariEkstreReport report = new CariEkstreReport(dsl, CLOCK, ReportSettings.defaults());
        Map<String, String> params = report.validate(Map.of(
                "cari_code",
                CODE,
                "date_from",
                LocalDate.now(CLOCK).minusYears(3).toString(),
                "date_to",
                LocalDate.now(CLOCK).toString()));
        return measure(() -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                report.write(params, out, ReportProgress.NOOP);
            }
        });
    }

    /** The first 10,000 statement lines as plain cell values, to replay from memory. */
    private static List<Object[]> lines(DSLContext dsl) {
        List<Object[]> lines = new ArrayList<>();
        BigDecimal balance = BigDecimal.ZERO;
        for (Record r : dsl.fetch("""
                SELECT h.tarih, h.belge_no, h.belge_turu, h.aciklama, h.para_birimi, h.borc, h.alacak, k.tarih kt, k.birim, k.alis,
                       CASE WHEN h.para_birimi = 'TRY' THEN h.borc ELSE round(h.borc * k.alis / k.birim, 2) END borc_tl,
                       CASE WHEN h.para_birimi = 'TRY' THEN h.alacak ELSE round(h.alacak * k.alis / k.birim, 2) END alacak_tl
                FROM cari_hareketler h LEFT JOIN LATERAL (SELECT tarih, birim, alis FROM kurlar WHERE doviz_kodu = h.para_birimi
                     AND tarih <= h.tarih ORDER BY tarih DESC LIMIT 1) k ON true
                ORDER BY h.tarih, h.id LIMIT 10000""")) {
            balance = balance.add(r.get("borc_tl", BigDecimal.class)).subtract(r.get("alacak_tl", BigDecimal.class));
            LocalDate kt = r.get("kt", LocalDate.class);
            lines.add(new Object[] {
                (double) (r.get("tarih", LocalDate.class).toEpochDay() + 25_569),
                r.get("belge_no", String.class),
                r.get("belge_turu", String.class),
                r.get("aciklama", String.class),
                r.get("para_birimi", String.class),
                r.get("borc", BigDecimal.class).doubleValue(),
                r.get("alacak", BigDecimal.class).doubleValue(),
                kt == null ? null : (double) (kt.toEpochDay() + 25_569),
                r.get("birim", Integer.class),
                r.get("alis", BigDecimal.class),
                r.get("borc_tl", BigDecimal.class).doubleValue(),
                r.get("alacak_tl", BigDecimal.class).doubleValue(),
                balance.doubleValue()
            });
        }
        return lines;
    }

    /**
     * POI alone: the same 13 cells per row, styled, from memory; level -1 keeps POI's default deflate level. Either
     * way the sheet's real dimension is tracked (POI's default), as the report's workbook does.
     */
    private static Run bare(List<Object[]> lines, int rows, Path file, int level) throws IOException {
        return measure(() -> {
            SXSSFWorkbook wb = level < 0
                    ? new SXSSFWorkbook(200)
                    : new SXSSFWorkbook(null, 200, false, false) {
                        @Override
                        protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream out) {
                            ZipArchiveOutputStream zip = super.createArchiveOutputStream(out);
                            zip.setLevel(level);
                            return zip;
                        }
                    };
            try (wb;
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                var formats = wb.createDataFormat();
                CellStyle text = wb.createCellStyle();
                CellStyle date = wb.createCellStyle();
                date.setDataFormat(formats.getFormat("dd.mm.yyyy"));
                CellStyle amount = wb.createCellStyle();
                amount.setDataFormat(formats.getFormat("#,##0.00"));
                CellStyle rate = wb.createCellStyle();
                rate.setDataFormat(formats.getFormat("#,##0.0000"));
                CellStyle[] styles = {
                    date, text, text, text, text, amount, amount, date, amount, rate, amount, amount, amount
                };
                SXSSFSheet sheet = wb.createSheet("Ekstre");
                for (int i = 0; i < rows; i++) {
                    Object[] line = lines.get(i % lines.size());
                    Row row = sheet.createRow(i + 10);
                    for (int c = 0; c < line.length; c++) {
                        Object v = line[c];
                        if (v == null) {
                            continue;
                        }
                        Cell cell = row.createCell(c);
                        switch (v) {
                            case Double d -> cell.setCellValue(d);
                            case Integer n -> cell.setCellValue(n);
                            case BigDecimal b -> cell.setCellValue(b.doubleValue());
                            default -> cell.setCellValue((String) v);
                        }
                        cell.setCellStyle(styles[c]);
                    }
                }
                wb.write(out);
                wb.dispose();
            }
        });
    }

    private static double readOnly(DSLContext dsl) {
        long start = System.nanoTime();
        long[] n = {0};
        dsl.transaction(tx -> new com.aliaport.ops.report.cariekstre.db.CariEkstreRepository()
                .movements(
                        tx.dsl(), CODE, LocalDate.now(CLOCK).minusYears(3), LocalDate.now(CLOCK), 5_000, m -> n[0]++));
        return (System.nanoTime() - start) / 1e9;
    }

    @FunctionalInterface
    private interface Body {
        void run() throws IOException;
    }

    private static Run measure(Body body) throws IOException {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        double cpu = processCpuSeconds();
        long start = System.nanoTime();
        body.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Run(seconds, peak >> 20, processCpuSeconds() - cpu);
    }
}
