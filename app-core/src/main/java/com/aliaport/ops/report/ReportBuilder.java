package com.aliaport.ops.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * One kind of report ({@code barinma}, {@code manifest}, {@code cari-ekstre}): validates its parameters and
 * streams an {@code .xlsx} to a stream. The report queue calls it; it knows nothing of queues or HTTP.
 */
public interface ReportBuilder {
    /** The type as it appears in the API path and the storage key. */
    String type();

    /**
     * Checks raw request parameters (JSON values) and returns them normalised as strings (ISO dates, trimmed
     * codes). Throws {@link InvalidReportParameterException} naming the field.
     */
    Map<String, String> validate(Map<String, Object> raw);

    /**
     * Writes the report for already-validated parameters; honours {@link ReportProgress#stopRequested()} between
     * batches by throwing {@link ReportStoppedException}. Throws {@link ReportDataException} when the data cannot
     * give a correct report (a missing exchange rate), {@link InvalidReportParameterException} when what the
     * parameters name has gone since validation.
     */
    void write(Map<String, String> parameters, OutputStream out, ReportProgress progress) throws IOException;

    /**
     * False for a task that leaves no file (its SUCCESS is the whole result): the worker then skips the scratch
     * file and the storage. The reports all make a file.
     */
    default boolean producesFile() {
        return true;
    }

    /** The download name of the file, e.g. {@code cari-ekstre_120.01.0001_2025-01-01_2025-03-31.xlsx}. */
    default String fileName(Map<String, String> parameters) {
        return type() + ".xlsx";
    }
}
