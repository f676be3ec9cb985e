package com.aliaport.ops.console.reports;

import com.aliaport.ops.common.AliaportException;
import com.aliaport.ops.console.commands.CommandService;
import com.aliaport.ops.operatorcommand.CommandKind;
import com.aliaport.ops.operatorcommand.CommandState;
import com.aliaport.ops.operatorcommand.OperatorCommand;
import com.aliaport.ops.operatorcommand.ReportLinkStore;
import com.aliaport.ops.reportqueue.ReportLinks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Downloads a finished report the way staff do: a daemon signs the file's time-limited link (a
 * {@code LINK_REPORT} command; an S3 pre-signed URL or the daemon's signed file URL), the console reads it from
 * {@code report_links} (its own only) and fetches it over HTTP into the chosen file. The file appears whole or
 * not at all: it is written beside the target and moved into place at the end.
 */
public final class ReportDownloadService {
    private final CommandService commands;
    private final ReportLinkStore links;
    private final HttpClient http;

    public ReportDownloadService(CommandService commands, ReportLinkStore links) {
        this.commands = commands;
        this.links = links;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The signed link of the task's file; throws with the daemon's reason when none is given. */
    public ReportLinks.Link link(UUID task) throws InterruptedException {
        OperatorCommand c = commands.submitAndFollow(CommandKind.LINK_REPORT, task.toString(), java.util.Map.of());
        if (c.state() == CommandState.FAILED) {
            throw new AliaportException(c.outcome().orElse("LINK_REPORT failed"));
        }
        if (c.state() != CommandState.DONE) {
            throw new AliaportException("no daemon has signed the link yet (command " + c.id() + " is " + c.state()
                    + "): is a daemon with a report queue running?");
        }
        return links.find(c.id())
                .orElseThrow(
                        () -> new AliaportException("command " + c.id() + " is done but its link is not readable"));
    }

    /**
     * Fetches {@code link} into {@code target}; {@code progress} hears (bytes so far, total or -1). Returns the
     * size. A refused link (expired, tampered, gone) is an error with the server's answer.
     */
    public long download(ReportLinks.Link link, Path target, BiConsumer<Long, Long> progress)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(link.url())
                        .timeout(Duration.ofMinutes(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(500), java.nio.charset.StandardCharsets.UTF_8);
            }
            throw new AliaportException("the download link answered HTTP " + response.statusCode() + ": "
                    + body.strip().lines().findFirst().orElse(""));
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, ".download-", ".part");
        long done = 0;
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[64 * 1024];
            progress.accept(0L, total);
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                done += n;
                progress.accept(done, total);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return done;
    }
}
