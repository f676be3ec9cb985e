package com.aliaport.ops.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;

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
            FolderReportStorage.Download download =
                    storage.download(key, q.get("name"), q.get("expires"), q.get("signature"));
            return new Fetched(200, Files.readAllBytes(download.file()), Optional.of(download.contentDisposition()));
        } catch (LinkRefusedException e) {
            return new Fetched(
                    e.reason() == LinkRefusedException.Reason.TAMPERED ? 403 : 410, new byte[0], Optional.empty());
        }
    }

    @Test
    void a_turkish_download_name_is_kept_exactly_in_filename_star_with_an_ascii_fallback() throws Exception {
        String name = "cari_ekstre_ŞİRKET_20260313.xlsx";
        storage.put(KEY, file("x"), ReportStorage.XLSX, name);

        Fetched got = fetch(storage.link(KEY, name, Duration.ofMinutes(5)));

        assertThat(got.disposition())
                .contains("attachment; filename=\"cari_ekstre___RKET_20260313.xlsx\"; "
                        + "filename*=UTF-8''cari_ekstre_%C5%9E%C4%B0RKET_20260313.xlsx");
    }

    @Test
    void a_validly_signed_link_to_a_path_outside_the_reports_tree_is_refused_by_the_key_guard() throws Exception {
        storage.put(KEY, file("report"), ReportStorage.XLSX, NAME);
        Files.writeString(tmp.resolve("secret.txt"), "outside the storage");
        Files.createDirectories(storage.root().resolve(".incoming"));
        Files.writeString(storage.root().resolve(".incoming/upload.part"), "a partial upload");
        for (String key : List.of(
                "reports/../../secret.txt", "reports/../.incoming/upload.part", "../secret.txt", tmp + "/secret.txt")) {
            URI link = storage.link(key, NAME, Duration.ofMinutes(5)); // signed with the storage's own secret

            assertThatThrownBy(() -> fetchDownload(link))
                    .as(key)
                    .isInstanceOfSatisfying(LinkRefusedException.class, e -> assertThat(e.reason())
                            .isEqualTo(LinkRefusedException.Reason.TAMPERED))
                    .hasMessageStartingWith("not a report key: ");
        }
    }

    /** The storage's answer to a link, without the contract's mapping of refusals to statuses. */
    private FolderReportStorage.Download fetchDownload(URI link) {
        String path = link.getRawPath();
        String key = URLDecoder.decode(
                path.substring(path.indexOf(FolderReportStorage.ROUTE) + FolderReportStorage.ROUTE.length()),
                StandardCharsets.UTF_8);
        Map<String, String> q = new HashMap<>();
        for (String kv : link.getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return storage.download(key, q.get("name"), q.get("expires"), q.get("signature"));
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
