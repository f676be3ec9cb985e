package com.aliaport.ops.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where finished report files live (S3 or a folder) and how staff reach them: a time-limited link. Keys are
 * derived from the task ({@link ReportKeys}), so a retried upload overwrites rather than duplicates.
 */
public interface ReportStorage {
    String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** Stores {@code file} under {@code key}, replacing what is there. */
    void put(String key, Path file, String contentType, String downloadName);

    /** A link valid for {@code ttl} that downloads the file as {@code downloadName}. */
    URI link(String key, String downloadName, Duration ttl);

    boolean exists(String key);

    /** Removes the file; a missing file is not an error. */
    void delete(String key);

    /** Removes partial uploads left by a crash, started before {@code before}; how many. */
    default int purgeAbandonedUploads(java.time.Instant before) {
        return 0;
    }
}
