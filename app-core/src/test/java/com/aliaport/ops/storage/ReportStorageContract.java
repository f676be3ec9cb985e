package com.aliaport.ops.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link ReportStorage} adapter must do; run against the folder and S3 adapters. */
abstract class ReportStorageContract {
    static final String KEY = "reports/barinma/ali/20260313_101500_0b9a3f0e-1c8e-4c5e-9a8e-2f1d7e6c5b4a.xlsx";
    static final String NAME = "barinma_20260313_101500.xlsx";

    @TempDir
    Path tmp;

    abstract ReportStorage storage();

    /** Every key stored now. */
    abstract List<String> keys() throws Exception;

    /** Follows a link as a browser would. */
    abstract Fetched fetch(URI link) throws Exception;

    /** Lets time pass for the links (a settable clock, or real waiting). */
    abstract void elapse(Duration d) throws Exception;

    record Fetched(int status, byte[] body, Optional<String> disposition) {}

    Path file(String content) throws Exception {
        Path f = Files.createTempFile(tmp, "r", ".xlsx");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void a_stored_file_downloads_through_its_link_with_the_download_name() throws Exception {
        storage().put(KEY, file("PK report"), ReportStorage.XLSX, NAME);

        Fetched got = fetch(storage().link(KEY, NAME, Duration.ofMinutes(15)));

        assertThat(got.status()).isEqualTo(200);
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo("PK report");
        assertThat(got.disposition()).get().asString().contains("attachment").contains(NAME);
        assertThat(storage().exists(KEY)).isTrue();
    }

    @Test
    void storing_the_same_key_again_replaces_the_file_instead_of_adding_one() throws Exception {
        storage().put(KEY, file("first attempt"), ReportStorage.XLSX, NAME);
        storage().put(KEY, file("second attempt"), ReportStorage.XLSX, NAME);

        assertThat(keys()).containsExactly(KEY);
        assertThat(new String(
                        fetch(storage().link(KEY, NAME, Duration.ofMinutes(1))).body(), StandardCharsets.UTF_8))
                .isEqualTo("second attempt");
    }

    @Test
    void deleting_removes_the_file_and_deleting_a_missing_one_is_fine() throws Exception {
        storage().put(KEY, file("x"), ReportStorage.XLSX, NAME);

        storage().delete(KEY);
        storage().delete(KEY);

        assertThat(storage().exists(KEY)).isFalse();
        assertThat(keys()).isEmpty();
    }

    @Test
    void an_expired_link_is_refused() throws Exception {
        storage().put(KEY, file("x"), ReportStorage.XLSX, NAME);
        URI link = storage().link(KEY, NAME, Duration.ofSeconds(1));

        elapse(Duration.ofSeconds(3));

        assertThat(fetch(link).status()).isBetween(400, 499);
    }

    @Test
    void a_tampered_link_is_refused() throws Exception {
        storage().put(KEY, file("x"), ReportStorage.XLSX, NAME);
        storage().put(KEY.replace("/ali/", "/veli/"), file("veli's"), ReportStorage.XLSX, NAME);
        URI link = storage().link(KEY, NAME, Duration.ofMinutes(5));

        URI otherKey = URI.create(link.toString().replace("/ali/", "/veli/"));
        URI otherSignature = URI.create(link.toString().replaceAll("(?i)(signature=)[^&]{4}", "$1AAAA"));

        assertThat(fetch(otherKey).status()).isBetween(400, 499);
        assertThat(fetch(otherSignature).status()).isBetween(400, 499);
    }
}
