package com.aliaport.ops.storage;

import com.aliaport.ops.config.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;

/** The folder adapter; its links are checked as the daemon's file route checks them, on a settable clock. */
class FolderReportStorageTest extends ReportStorageContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-13T07:15:00Z"));
    private FolderReportStorage storage;

    @BeforeEach
    void create() {
        storage = new FolderReportStorage(
                tmp.resolve("files"),
                URI.create("http://reports.example:8080/"),
                new LinkSigner(new Secret("0123456789abcdef0123")),
                clock);
    }

    @Override
    ReportStorage storage() {
        return storage;
    }

    @Override
    List<String> keys() throws Exception {
        Path root = storage.root();
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .filter(k -> k.startsWith("reports/"))
                    .toList();
        }
    }

    @Override
    Fetched fetch(URI link) throws Exception {
        String path = link.getRawPath();
        String key = path.substring(path.indexOf(FolderReportStorage.ROUTE) + FolderReportStorage.ROUTE.length());
        Map<String, String> q = new HashMap<>();
        for (String kv : link.getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        try {
            Path file = storage.resolve(key, q.get("name"), q.get("expires"), q.get("signature"));
            return new Fetched(
                    200, Files.readAllBytes(file), Optional.of("attachment; filename=\"" + q.get("name") + "\""));
        } catch (LinkRefusedException e) {
            return new Fetched(
                    e.reason() == LinkRefusedException.Reason.TAMPERED ? 403 : 410, new byte[0], Optional.empty());
        }
    }

    @Override
    void elapse(Duration d) {
        clock.now = clock.now.plus(d);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
