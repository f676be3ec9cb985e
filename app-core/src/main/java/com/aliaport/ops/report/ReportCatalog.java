package com.aliaport.ops.report;

import com.aliaport.ops.report.barinma.BarinmaReport;
import com.aliaport.ops.report.cariekstre.CariEkstreReport;
import com.aliaport.ops.report.manifest.ManifestReport;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/** The report types the system offers, by their API name. */
public final class ReportCatalog {
    private final Map<String, ReportBuilder> byType = new LinkedHashMap<>();

    public ReportCatalog(List<ReportBuilder> builders) {
        for (ReportBuilder b : builders) {
            if (byType.putIfAbsent(b.type(), b) != null) {
                throw new IllegalArgumentException("two report builders for type " + b.type());
            }
        }
    }

    /** The three reports over the domain tables. */
    public static ReportCatalog standard(DSLContext dsl, Clock clock, ReportSettings settings) {
        return new ReportCatalog(List.of(
                new BarinmaReport(dsl, clock, settings),
                new ManifestReport(dsl, clock, settings),
                new CariEkstreReport(dsl, clock, settings)));
    }

    public Optional<ReportBuilder> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The builder of {@code type}; an unknown type is a bad request naming the field {@code type}. */
    public ReportBuilder require(String type) {
        return find(type)
                .orElseThrow(() -> new InvalidReportParameterException(
                        "type",
                        "unknown report type '" + type + "'; expected one of " + String.join(", ", byType.keySet())));
    }

    public Set<String> types() {
        return byType.keySet();
    }
}
