package com.aliaport.ops.console.history;

import com.aliaport.ops.jobrun.JobRun;
import com.aliaport.ops.jobrun.JobRunSearch;
import com.aliaport.ops.jobrun.RunFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Writes every run of a filter to CSV (RFC 4180, UTF-8 with BOM so Excel reads Turkish letters right). */
public final class RunCsv {
    static final List<String> HEADER = List.of(
            "id",
            "job_id",
            "trigger_kind",
            "status",
            "attempt",
            "node_id",
            "scheduled_at",
            "scheduled_until",
            "started_at",
            "finished_at",
            "progress_current",
            "progress_total",
            "message",
            "error");

    private RunCsv() {}

    /** Returns how many runs were written. */
    public static long export(JobRunSearch search, RunFilter filter, Path file) {
        long[] n = {0};
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('\uFEFF');
            w.write(String.join(",", HEADER) + "\r\n");
            search.forEach(filter, listed -> {
                try {
                    w.write(line(listed.run()));
                    n[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return n[0];
    }

    static String line(JobRun r) {
        return String.join(
                        ",",
                        Long.toString(r.id()),
                        quote(r.jobId()),
                        r.triggerKind().name(),
                        r.status().name(),
                        Integer.toString(r.attempt()),
                        quote(r.nodeId().orElse("")),
                        time(r.scheduledAt()),
                        time(r.scheduledUntil()),
                        time(r.startedAt()),
                        time(r.finishedAt()),
                        r.progressCurrent().map(String::valueOf).orElse(""),
                        r.progressTotal().map(String::valueOf).orElse(""),
                        quote(r.message().orElse("")),
                        quote(r.error().orElse("")))
                + "\r\n";
    }

    private static String time(Optional<Instant> t) {
        return t.map(Instant::toString).orElse("");
    }

    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
