package com.aliaport.ops.db;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An instant as the ISO-8601 text PostgreSQL reads as {@code timestamptz}: {@code 2026-03-01T21:30:00.123456789Z},
 * always nine digits of fraction, which PostgreSQL rounds to its microsecond as it rounds {@link Instant#toString}'s.
 * Written here because {@code Instant.toString} goes through {@code DateTimeFormatter.ISO_INSTANT}, a general
 * printer whose inlined code the JIT compiled (and after a deoptimisation compiled again) for 0.4 s of one core's
 * time in a run of the report queue's benchmark (issue 17), 0.16 s of it inside the measured batch, for statements
 * that bind one or two instants a task. Years outside 1–9999 keep {@code Instant.toString}'s form.
 */
final class PgTimestampText {
    private static final int SECONDS_PER_DAY = 86_400;

    private PgTimestampText() {}

    static String of(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int year = date.getYear();
        if (year < 1 || year > 9999) {
            return instant.toString();
        }
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        char[] text = new char[30];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        text[19] = '.';
        digits(text, 20, instant.getNano(), 9);
        text[29] = 'Z';
        return new String(text);
    }

    /** {@code value}'s last {@code width} decimal digits, zero-padded, at {@code from}. */
    private static void digits(char[] text, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
