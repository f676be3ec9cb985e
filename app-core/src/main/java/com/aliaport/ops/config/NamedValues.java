package com.aliaport.ops.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A setting given per name in one variable, as {@code name=value,name=value} (a job id and its retries, a report
 * type and its queue). Blank means none; an entry without a name or value, or a name given twice, stops the
 * process with a message naming the variable and the entry.
 */
final class NamedValues {
    private NamedValues() {}

    static Map<String, String> parse(String variable, String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw.isBlank()) {
            return Map.of();
        }
        for (String entry : raw.split(",")) {
            String e = entry.strip();
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new ConfigException(variable + ": '" + e + "' is not name=value (entries are comma-separated)");
            }
            String name = e.substring(0, eq).strip();
            String value = e.substring(eq + 1).strip();
            if (out.putIfAbsent(name, value) != null) {
                throw new ConfigException(variable + ": '" + name + "' is given twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Whole numbers within {@code min..max}, per name. */
    static Map<String, Integer> integers(String variable, String raw, int min, int max) {
        return convert(parse(variable, raw), (name, value) -> {
            int n;
            try {
                n = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(variable + ": '" + value + "' of " + name + " is not a whole number");
            }
            if (n < min || n > max) {
                throw new ConfigException(variable + ": " + n + " of " + name + " is outside " + min + ".." + max);
            }
            return n;
        });
    }

    /** Seconds within {@code min..max}, per name. */
    static Map<String, Duration> seconds(String variable, String raw, int min, int max) {
        Map<String, Integer> n = integers(variable, raw, min, max);
        return convert(n, (name, value) -> Duration.ofSeconds(value));
    }

    private static <A, B> Map<String, B> convert(Map<String, A> in, BiFunction<String, A, B> f) {
        Map<String, B> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, f.apply(k, v)));
        return Collections.unmodifiableMap(out);
    }
}
