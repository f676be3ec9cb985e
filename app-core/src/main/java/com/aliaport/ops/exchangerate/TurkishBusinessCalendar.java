package com.aliaport.ops.exchangerate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The days TCMB determines a bulletin on: not Saturdays, Sundays, official holidays, nor the half-day eves
 * (arife) of Republic Day and the two bayrams, when TCMB publishes nothing either. Administrative-leave
 * bridge days (idari izin) are business days: bulletins do exist on them.
 *
 * <p>The moving religious holidays (Ramazan and Kurban Bayramı) follow the Diyanet calendar and are listed
 * for {@value #FIRST_YEAR}–{@value #LAST_YEAR}. Outside those years the calendar knows only weekends and the
 * fixed holidays: it says so in the log once per year, and a business day it gets wrong shows up as a 404
 * from the archive, which the sync reads as "no bulletin that day" rather than as a failure.
 */
public final class TurkishBusinessCalendar {
    public static final int FIRST_YEAR = 2010;
    public static final int LAST_YEAR = 2032;

    private static final Logger log = LoggerFactory.getLogger(TurkishBusinessCalendar.class);

    // First day of Ramazan Bayramı (3 days) and Kurban Bayramı (4 days), Diyanet calendar; index = year - FIRST_YEAR.
    private static final String[] RAMAZAN = {
        "09-09", "08-30", "08-19", "08-08", "07-28", "07-17", "07-05", "06-25", "06-15", "06-04", // 2010-2019
        "05-24", "05-13", "05-02", "04-21", "04-10", "03-30", "03-20", "03-09", "02-26", "02-14", // 2020-2029
        "02-04", "01-24", "01-14" // 2030-2032
    };
    private static final String[] KURBAN = {
        "11-16", "11-06", "10-25", "10-15", "10-04", "09-24", "09-12", "09-01", "08-21", "08-11", // 2010-2019
        "07-31", "07-20", "07-09", "06-28", "06-16", "06-06", "05-27", "05-16", "05-05", "04-24", // 2020-2029
        "04-13", "04-02", "03-22" // 2030-2032
    };

    private static final Map<MonthDay, String> FIXED = Map.of(
            MonthDay.of(1, 1), "Yılbaşı",
            MonthDay.of(4, 23), "Ulusal Egemenlik ve Çocuk Bayramı",
            MonthDay.of(5, 1), "Emek ve Dayanışma Günü",
            MonthDay.of(5, 19), "Atatürk'ü Anma, Gençlik ve Spor Bayramı",
            MonthDay.of(8, 30), "Zafer Bayramı",
            MonthDay.of(10, 28), "Cumhuriyet Bayramı arifesi",
            MonthDay.of(10, 29), "Cumhuriyet Bayramı");
    private static final MonthDay DEMOCRACY_DAY = MonthDay.of(7, 15); // a holiday since 2017

    private final Map<LocalDate, String> religious = new HashMap<>();
    private final Set<Integer> warnedYears = ConcurrentHashMap.newKeySet();

    public TurkishBusinessCalendar() {
        for (int i = 0; i < RAMAZAN.length; i++) {
            int year = FIRST_YEAR + i;
            addBayram(LocalDate.parse(year + "-" + RAMAZAN[i]), 3, "Ramazan Bayramı");
            addBayram(LocalDate.parse(year + "-" + KURBAN[i]), 4, "Kurban Bayramı");
        }
    }

    private void addBayram(LocalDate first, int days, String name) {
        religious.put(first.minusDays(1), name + " arifesi");
        for (int d = 0; d < days; d++) {
            religious.put(first.plusDays(d), name + " (" + (d + 1) + ". gün)");
        }
    }

    /** Whether the moving holidays of this date's year are known. */
    public boolean covers(LocalDate date) {
        return date.getYear() >= FIRST_YEAR && date.getYear() <= LAST_YEAR;
    }

    /** Why TCMB publishes no bulletin on {@code date}, or empty on a business day. */
    public Optional<String> closure(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
            return Optional.of(dow.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        }
        String fixed = FIXED.get(MonthDay.from(date));
        if (fixed != null) {
            return Optional.of(fixed);
        }
        if (date.getYear() >= 2017 && MonthDay.from(date).equals(DEMOCRACY_DAY)) {
            return Optional.of("Demokrasi ve Millî Birlik Günü");
        }
        if (!covers(date)) {
            if (warnedYears.add(date.getYear())) {
                log.warn(
                        "the business-day calendar lists religious holidays for {}-{} only; in {} it knows"
                                + " weekends and fixed holidays, and relies on TCMB's 404 for the rest",
                        FIRST_YEAR,
                        LAST_YEAR,
                        date.getYear());
            }
            return Optional.empty();
        }
        return Optional.ofNullable(religious.get(date));
    }

    public boolean isBusinessDay(LocalDate date) {
        return closure(date).isEmpty();
    }

    /** The last business day strictly before {@code date}. */
    public LocalDate previousBusinessDay(LocalDate date) {
        LocalDate d = date.minusDays(1);
        while (!isBusinessDay(d)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /** The first business day strictly after {@code date}. */
    public LocalDate nextBusinessDay(LocalDate date) {
        LocalDate d = date.plusDays(1);
        while (!isBusinessDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** Business days from {@code from} (inclusive) to {@code until} (exclusive), oldest first. */
    public List<LocalDate> businessDays(LocalDate from, LocalDate until) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; d.isBefore(until); d = d.plusDays(1)) {
            if (isBusinessDay(d)) {
                days.add(d);
            }
        }
        return days;
    }
}
