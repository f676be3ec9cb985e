package com.aliaport.ops.bench;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.report.ReportBuilder;
import com.aliaport.ops.report.ReportCatalog;
import com.aliaport.ops.report.ReportProgress;
import com.aliaport.ops.report.ReportSettings;
import com.aliaport.ops.seed.DemoDataSeeder;
import com.aliaport.ops.seed.SeedScale;
import com.aliaport.ops.testsupport.TestPostgres;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jooq.DSLContext;

/** Writes one small report of each type over the demo data into a folder, for the pictures in docs/. */
public final class ReportSamples {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/report-samples");
        Files.createDirectories(dir);
        Clock clock = Clock.fixed(Instant.parse("2026-03-16T09:00:00Z"), ZoneOffset.UTC);
        ConnectionSettings settings = TestPostgres.newDatabase();
        try (Database db = Database.connect(settings, "samples", 2)) {
            DSLContext dsl = db.dsl();
            new DemoDataSeeder(dsl, clock).seed(SeedScale.small());
            ReportCatalog catalog = ReportCatalog.standard(dsl, clock, ReportSettings.defaults());
            // A customer billing in several currencies, so the picture shows the TRY conversion.
            String customer = dsl.fetchOne("""
                    SELECT cari_kodu FROM cari_hareketler WHERE tarih BETWEEN '2026-02-01' AND '2026-02-28'
                    GROUP BY cari_kodu HAVING count(*) BETWEEN 15 AND 40 ORDER BY count(DISTINCT para_birimi) DESC, count(*) DESC LIMIT 1
                    """).get(0, String.class);
            long manifest = dsl.fetchOne("""
                    SELECT manifesto_id FROM manifesto_kalemleri GROUP BY 1 HAVING count(*) BETWEEN 20 AND 40 ORDER BY 1 LIMIT 1
                    """).get(0, Long.class);
            write(
                    catalog.require("barinma"),
                    Map.of("date_from", "2026-02-01", "date_to", "2026-02-28"),
                    dir.resolve("barinma.xlsx"));
            write(catalog.require("manifest"), Map.of("manifest_id", manifest), dir.resolve("manifest.xlsx"));
            write(
                    catalog.require("cari-ekstre"),
                    Map.of("cari_code", customer, "date_from", "2026-02-01", "date_to", "2026-02-28"),
                    dir.resolve("cari-ekstre.xlsx"));
        } finally {
            TestPostgres.drop(settings);
        }
    }

    private static void write(ReportBuilder builder, Map<String, Object> raw, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            builder.write(builder.validate(raw), out, ReportProgress.NOOP);
        }
        System.out.println(file);
    }
}
