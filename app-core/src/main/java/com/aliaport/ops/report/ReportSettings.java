package com.aliaport.ops.report;

import java.time.ZoneId;

/**
 * How reports are written.
 *
 * @param maxRowsPerSheet a table continues on a next sheet past this many rows (Excel's limit by default; tests
 *     use a small one)
 * @param fetchSize rows per database round trip, and per progress update and stop check
 * @param compressionLevel deflate level of the {@code .xlsx} (1 fastest … 9 smallest)
 * @param zone dates and times in the reports (stays' arrivals, the time a file was made)
 */
public record ReportSettings(int maxRowsPerSheet, int fetchSize, int compressionLevel, ZoneId zone) {
    public static final int EXCEL_MAX_ROWS = 1_048_576;

    public ReportSettings {
        if (maxRowsPerSheet < 8 || maxRowsPerSheet > EXCEL_MAX_ROWS) {
            throw new IllegalArgumentException(
                    "maxRowsPerSheet must be within 8.." + EXCEL_MAX_ROWS + ", not " + maxRowsPerSheet);
        }
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize must be positive, not " + fetchSize);
        }
        if (compressionLevel < 0 || compressionLevel > 9) {
            throw new IllegalArgumentException("compressionLevel must be within 0..9, not " + compressionLevel);
        }
    }

    public static ReportSettings defaults() {
        return new ReportSettings(EXCEL_MAX_ROWS, 5_000, 1, ZoneId.of("Europe/Istanbul"));
    }

    public ReportSettings withMaxRowsPerSheet(int value) {
        return new ReportSettings(value, fetchSize, compressionLevel, zone);
    }

    public ReportSettings withFetchSize(int value) {
        return new ReportSettings(maxRowsPerSheet, value, compressionLevel, zone);
    }

    public ReportSettings withCompressionLevel(int value) {
        return new ReportSettings(maxRowsPerSheet, fetchSize, value, zone);
    }
}
