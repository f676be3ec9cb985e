package com.aliaport.ops.report.xlsx;

/** One column of a report table: its Turkish header, its width in characters and how its cells look. */
public record Column(String header, int width, Kind kind) {
    public enum Kind {
        TEXT,
        DATE,
        DATE_TIME,
        AMOUNT,
        INTEGER,
        RATE,
        WEIGHT
    }

    public static Column text(String header, int width) {
        return new Column(header, width, Kind.TEXT);
    }

    public static Column date(String header) {
        return new Column(header, 11, Kind.DATE);
    }

    public static Column dateTime(String header) {
        return new Column(header, 16, Kind.DATE_TIME);
    }

    public static Column amount(String header) {
        return new Column(header, 16, Kind.AMOUNT);
    }

    public static Column integer(String header, int width) {
        return new Column(header, width, Kind.INTEGER);
    }

    public static Column rate(String header) {
        return new Column(header, 11, Kind.RATE);
    }

    public static Column weight(String header) {
        return new Column(header, 15, Kind.WEIGHT);
    }
}
