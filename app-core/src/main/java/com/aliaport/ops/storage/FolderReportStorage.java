package com.aliaport.ops.storage;

import com.aliaport.ops.common.AliaportException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Report files in a local folder, same layout as the S3 keys. Links are daemon URLs
 * ({@code {public}/api/report-files/{key}?name=…&expires=…&signature=…}) signed with HMAC; the daemon refuses
 * them when expired or tampered with ({@link #resolve}).
 */
public final class FolderReportStorage implements ReportStorage {
    public static final String ROUTE = "/api/report-files/";
    private static final String INCOMING = ".incoming";

    private final Path root;
    private final URI publicBase;
    private final LinkSigner signer;
    private final Clock clock;

    public FolderReportStorage(Path root, URI publicBase, LinkSigner signer, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        String base = publicBase.toString();
        this.publicBase = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.signer = signer;
        this.clock = clock;
    }

    @Override
    public void put(String key, Path file, String contentType, String downloadName) {
        Path target = pathOf(key);
        try {
            Files.createDirectories(target.getParent());
            // Copy aside, then rename into place: a reader never sees half a file, a retry just replaces it,
            // and a copy cut short by a crash stays out of the reports tree until housekeeping removes it.
            Path incoming = root.resolve(INCOMING);
            Files.createDirectories(incoming);
            Path tmp = incoming.resolve(UUID.randomUUID() + ".part");
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            // On disk before the rename and the rename on disk before returning: the task's SUCCESS is committed
            // synchronously next, and must never name a file that a power cut takes back.
            force(tmp, false);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            force(target.getParent(), true);
        } catch (IOException e) {
            throw new AliaportException(
                    "cannot store report file " + key + " under " + root + ": " + e.getMessage(), e);
        }
    }

    private static void force(Path path, boolean directory) throws IOException {
        // A directory is opened read-only to fsync it (Linux allows it; the rename is then durable).
        try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    @Override
    public URI link(String key, String downloadName, Duration ttl) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String signature = signer.sign(key, downloadName, Long.toString(expires));
        return URI.create(publicBase + ROUTE + key
                + "?name=" + URLEncoder.encode(downloadName, StandardCharsets.UTF_8)
                + "&expires=" + expires
                + "&signature=" + signature);
    }

    /** What a valid link serves: the file and the {@code Content-Disposition} that names it. */
    public record Download(Path file, String contentDisposition) {}

    /** The download a link names, once its signature and expiry are checked (the daemon's file route serves it). */
    public Download download(String key, String downloadName, String expires, String signature) {
        return new Download(
                resolve(key, downloadName, expires, signature), ContentDisposition.attachment(downloadName));
    }

    /** The file a link names, once its signature and expiry are checked. */
    public Path resolve(String key, String downloadName, String expires, String signature) {
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            throw new LinkRefusedException(LinkRefusedException.Reason.TAMPERED, "the link's expiry is not a number");
        }
        if (downloadName == null || !signer.verify(signature, key, downloadName, Long.toString(expiresAt))) {
            throw new LinkRefusedException(LinkRefusedException.Reason.TAMPERED, "the link's signature does not match");
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expiresAt))) {
            throw new LinkRefusedException(
                    LinkRefusedException.Reason.EXPIRED, "the link expired at " + Instant.ofEpochSecond(expiresAt));
        }
        Path path = pathOf(key);
        if (!Files.isRegularFile(path)) {
            throw new LinkRefusedException(LinkRefusedException.Reason.MISSING, "the report file is no longer kept");
        }
        return path;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(pathOf(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(pathOf(key));
        } catch (IOException e) {
            throw new AliaportException("cannot delete report file " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int purgeAbandonedUploads(Instant before) {
        Path incoming = root.resolve(INCOMING);
        if (!Files.isDirectory(incoming)) {
            return 0;
        }
        int removed = 0;
        try (var parts = Files.list(incoming)) {
            for (Path p : parts.toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new AliaportException("cannot clean " + incoming + ": " + e.getMessage(), e);
        }
        return removed;
    }

    public Path root() {
        return root;
    }

    private Path pathOf(String key) {
        Path p = root.resolve(key).normalize();
        if (!key.startsWith("reports/") || !p.startsWith(root.resolve("reports"))) {
            throw new LinkRefusedException(LinkRefusedException.Reason.TAMPERED, "not a report key: " + key);
        }
        return p;
    }
}
