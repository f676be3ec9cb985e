package com.aliaport.ops.console.jobs;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Quartz cron in words (Turkish and English) and its next fire times, without Quartz: the console reads the
 * expressions the daemon published and works them out itself.
 */
public final class Schedules {
    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final Pattern DAILY = Pattern.compile(
            "0 (\\d{1,2}) (\\d{1,2}) (\\*|\\?) \\* (\\?|\\*|MON-FRI|SAT,SUN|MON|TUE|WED|THU|FRI|SAT|SUN)");
    private static final Pattern EVERY_SECONDS = Pattern.compile("(?:0/|\\*/)(\\d+) \\* \\* (\\*|\\?) \\* (\\?|\\*)");
    private static final Pattern EVERY_MINUTES = Pattern.compile("0 (?:0/|\\*/)(\\d+) \\* (\\*|\\?) \\* (\\?|\\*)");
    private static final Pattern HOURLY = Pattern.compile("0 (\\d{1,2}) \\* (\\*|\\?) \\* (\\?|\\*)");
    private static final Pattern EVERY_SECOND = Pattern.compile("\\* \\* \\* (\\*|\\?) \\* (\\?|\\*)");

    private Schedules() {}

    /** The next {@code count} fire times after {@code after}, in the given zone's rules. */
    public static List<Instant> nextFires(String cron, ZoneId zone, Instant after, int count) {
        ExecutionTime times = ExecutionTime.forCron(PARSER.parse(cron));
        List<Instant> fires = new ArrayList<>();
        ZonedDateTime t = after.atZone(zone);
        while (fires.size() < count) {
            Optional<ZonedDateTime> next = times.nextExecution(t);
            if (next.isEmpty()) {
                break;
            }
            fires.add(next.get().toInstant());
            t = next.get();
        }
        return fires;
    }

    /** "Hafta içi her gün 16:00" / "Weekdays at 16:00"; the expression itself when it has no simple words. */
    public static String inWords(String cron, Locale locale) {
        boolean tr = "tr".equals(locale.getLanguage());
        String c = cron.trim().replaceAll("\\s+", " ");
        Matcher m = DAILY.matcher(c);
        if (m.matches()) {
            String time = String.format("%02d:%02d", Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            String days = m.group(4);
            return switch (days) {
                case "MON-FRI" -> tr ? "Hafta içi her gün " + time : "Weekdays at " + time;
                case "SAT,SUN" -> tr ? "Hafta sonu her gün " + time : "Weekends at " + time;
                case "?", "*" -> tr ? "Her gün " + time : "Every day at " + time;
                default -> tr ? "Her " + dayTr(days) + " " + time : "Every " + dayEn(days) + " at " + time;
            };
        }
        m = HOURLY.matcher(c);
        if (m.matches()) {
            int minute = Integer.parseInt(m.group(1));
            return tr
                    ? String.format("Her saat, %02d. dakikada", minute)
                    : String.format("Every hour at :%02d", minute);
        }
        if (EVERY_SECOND.matcher(c).matches()) {
            return tr ? "Her saniye" : "Every second";
        }
        m = EVERY_SECONDS.matcher(c);
        if (m.matches()) {
            return tr ? "Her " + m.group(1) + " saniyede bir" : "Every " + m.group(1) + " seconds";
        }
        m = EVERY_MINUTES.matcher(c);
        if (m.matches()) {
            return tr ? "Her " + m.group(1) + " dakikada bir" : "Every " + m.group(1) + " minutes";
        }
        return "cron " + cron;
    }

    private static String dayTr(String d) {
        return switch (d) {
            case "MON" -> "pazartesi";
            case "TUE" -> "salı";
            case "WED" -> "çarşamba";
            case "THU" -> "perşembe";
            case "FRI" -> "cuma";
            case "SAT" -> "cumartesi";
            default -> "pazar";
        };
    }

    private static String dayEn(String d) {
        return switch (d) {
            case "MON" -> "Monday";
            case "TUE" -> "Tuesday";
            case "WED" -> "Wednesday";
            case "THU" -> "Thursday";
            case "FRI" -> "Friday";
            case "SAT" -> "Saturday";
            default -> "Sunday";
        };
    }
}
