package com.aliaport.ops.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads raw request parameters (JSON values) into checked values, naming the field when one is wrong. */
public final class ReportParameters {
    private final Map<String, Object> raw;

    public ReportParameters(Map<String, Object> raw, Set<String> known) {
        this.raw = raw == null ? Map.of() : raw;
        for (String key : this.raw.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidReportParameterException(
                        key,
                        "unknown parameter; expected "
                                + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    public LocalDate date(String field) {
        String text = text(field, 10);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidReportParameterException(field, "'" + text + "' is not a date (yyyy-MM-dd)");
        }
    }

    public String text(String field, int maxLength) {
        return optionalText(field, maxLength)
                .orElseThrow(() -> new InvalidReportParameterException(field, "is required"));
    }

    public Optional<String> optionalText(String field, int maxLength) {
        Object value = raw.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String || value instanceof Number)) {
            throw new InvalidReportParameterException(field, "must be a text value");
        }
        String text = value.toString().strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.length() > maxLength) {
            throw new InvalidReportParameterException(field, "is longer than " + maxLength + " characters");
        }
        return Optional.of(text);
    }

    public long positiveLong(String field) {
        Object value = raw.get(field);
        long number;
        if (value instanceof Integer || value instanceof Long) {
            number = ((Number) value).longValue();
        } else if (value instanceof String s && s.strip().matches("[0-9]{1,18}")) {
            number = Long.parseLong(s.strip());
        } else if (value == null) {
            throw new InvalidReportParameterException(field, "is required");
        } else {
            throw new InvalidReportParameterException(field, "'" + value + "' is not a whole number");
        }
        if (number <= 0) {
            throw new InvalidReportParameterException(field, "must be positive");
        }
        return number;
    }

    /** Checks {@code from <= to} and a period of at most {@code maxDays}. */
    public static void requirePeriod(LocalDate from, LocalDate to, int maxDays) {
        if (to.isBefore(from)) {
            throw new InvalidReportParameterException("date_to", "must not be before date_from (" + from + ")");
        }
        if (from.plusDays(maxDays).isBefore(to)) {
            throw new InvalidReportParameterException("date_to", "the period may span at most " + maxDays + " days");
        }
    }
}
