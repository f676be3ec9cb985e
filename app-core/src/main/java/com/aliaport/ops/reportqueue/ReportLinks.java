package com.aliaport.ops.reportqueue;

import com.aliaport.ops.storage.ReportKeys;
import com.aliaport.ops.storage.ReportStorage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The time-limited download link of a finished report, as staff get it from the API and operators from the
 * console: valid for the configured time but never past the file's own expiry. Signed locally (an S3 pre-signed
 * URL, or an HMAC-signed daemon URL for folder storage), so a fresh one costs no network call.
 */
public final class ReportLinks {
    /** A signed link, the name the file downloads as, and when the link stops working. */
    public record Link(URI url, String fileName, Instant expiresAt) {}

    private final ReportStorage storage;
    private final Duration ttl;
    private final Clock clock;

    public ReportLinks(ReportStorage storage, Duration ttl, Clock clock) {
        this.storage = storage;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The link of the task's file; empty when it has none (not finished, makes no file, or no longer kept). */
    public Optional<Link> link(ReportTask t) {
        Instant now = clock.instant();
        if (!t.fileAvailable(now)) {
            return Optional.empty();
        }
        Duration valid = ttl;
        if (t.fileExpiresAt().isPresent()) {
            Duration left = Duration.between(now, t.fileExpiresAt().get());
            valid = left.compareTo(valid) < 0 ? left : valid;
        }
        String name = ReportKeys.downloadName(t.type(), t.createdAt());
        return Optional.of(new Link(storage.link(t.storageKey().orElseThrow(), name, valid), name, now.plus(valid)));
    }
}
