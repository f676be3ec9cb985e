package com.aliaport.ops.report;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Turkish wording shared by the reports: counts, dates, the footer line. */
public final class ReportText {
    public static final Locale TURKISH = Locale.forLanguageTag("tr-TR");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
    public static final String RATE_NOTE = "TL karşılıkları: her tutar, tarihinde veya öncesindeki son TCMB bülteninin"
            + " döviz alış kuruyla (bültendeki birim başına; ör. JPY 100 birim) çevrilip kuruşa yuvarlanmıştır"
            + " (kaynak: kurlar tablosu).";

    private ReportText() {}

    /** 1234567 → "1.234.567". */
    public static String count(long value) {
        return NumberFormat.getIntegerInstance(TURKISH).format(value);
    }

    public static String date(LocalDate value) {
        return DATE.format(value);
    }

    public static String period(LocalDate from, LocalDate to) {
        return date(from) + " – " + date(to);
    }

    public static String madeAt(Instant at, ZoneId zone) {
        return DATE_TIME.format(at.atZone(zone)) + " (" + zone.getId() + ")";
    }

    /** The validated parameters as one line, in a stable order: {@code cari_code=…, date_from=…}. */
    public static String parameters(Map<String, String> parameters) {
        return new TreeMap<>(parameters)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** "Hareketler yazılıyor: 5.000 / 1.000.000". */
    public static String progress(String what, long current, long total) {
        return what + ": " + count(current) + " / " + count(total);
    }
}
