package com.aliaport.ops.console.fx;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Every time on screen is Istanbul time; the zone is named in headers and the status bar. */
public final class Times {
    public static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(ISTANBUL);
    private static final DateTimeFormatter SHORT =
            DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm").withZone(ISTANBUL);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private Times() {}

    public static String dateTime(Instant t) {
        return DATE_TIME.format(t);
    }

    public static String dateTime(Optional<Instant> t) {
        return t.map(Times::dateTime).orElse("–");
    }

    public static String shortDateTime(Instant t) {
        return SHORT.format(t);
    }

    public static String date(LocalDate d) {
        return DATE.format(d);
    }

    /** 1 sa 02 dk, 3 dk 05 sn, 4,2 sn: short and readable in both languages. */
    public static String duration(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** 1.4 MB, 12 kB. */
    public static String bytes(long bytes) {
        if (bytes >= 1 << 20) {
            return String.format("%.1f MB", bytes / (double) (1 << 20));
        }
        return String.format("%.0f kB", Math.ceil(bytes / 1024.0));
    }
}
