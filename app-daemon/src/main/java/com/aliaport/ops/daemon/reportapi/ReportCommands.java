package com.aliaport.ops.daemon.reportapi;

import com.aliaport.ops.report.InvalidReportParameterException;
import com.aliaport.ops.reportqueue.ReportQueueException;
import com.aliaport.ops.reportqueue.ReportQueueService;
import com.aliaport.ops.reportqueue.ReportState;
import com.aliaport.ops.reportqueue.ReportTask;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The bodies of {@code reports submit <type> --param k=v… [--wait]} and {@code reports status <id>} for the
 * picocli commands: print, and return the exit code (0 success, 1 refused or failed, 2 bad input).
 */
public final class ReportCommands {
    private final ReportQueueService service;
    private final PrintStream out;
    private final PrintStream err;

    public ReportCommands(ReportQueueService service, PrintStream out, PrintStream err) {
        this.service = service;
        this.out = out;
        this.err = err;
    }

    /**
     * Submits as {@code userId} (e.g. {@code "cli:" + System.getProperty("user.name")}); prints the task id. With
     * {@code wait}, waits up to {@code timeout} for the end (needs workers running somewhere) and prints the
     * final state; exit 0 only on SUCCESS.
     */
    public int submit(String type, List<String> keyValues, String userId, boolean wait, Duration timeout) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                err.println("--param '" + kv + "' is not key=value");
                return 2;
            }
            params.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        var request = new ReportQueueService.SubmitRequest(type, params, userId, Optional.empty());
        ReportTask end;
        try {
            if (!wait) {
                out.println(service.submit(request).task().id());
                return 0;
            }
            end = service.submitAndAwait(
                    request, timeout, s -> out.println(s.task().id()));
        } catch (InvalidReportParameterException e) {
            err.println("--param " + e.getMessage());
            return 2;
        } catch (ReportQueueException e) {
            err.println(e.getMessage());
            return e instanceof ReportQueueException.UnknownType ? 2 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        printStatus(end);
        if (!end.state().terminal()) {
            err.println("report task " + end.id() + " still " + end.state() + " after " + timeout.toSeconds() + " s");
            return 1;
        }
        return end.state() == ReportState.SUCCESS ? 0 : 1;
    }

    public int status(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            err.println("'" + id + "' is not a task id (UUID)");
            return 2;
        }
        Optional<ReportTask> task = service.find(uuid);
        if (task.isEmpty()) {
            err.println("report task " + id + " not found");
            return 1;
        }
        printStatus(task.get());
        return 0;
    }

    private void printStatus(ReportTask t) {
        out.println("task:      " + t.id());
        out.println("type:      " + t.type() + " (queue " + t.queue() + ", by " + t.requestedBy() + ")");
        out.println("state:     " + t.state() + (t.deadLettered() ? " (dead-lettered)" : "")
                + (t.cancelRequested() && !t.state().terminal() ? " (cancel requested)" : ""));
        out.println("progress:  " + t.progress().current() + "/" + t.progress().total()
                + t.progress().status().map(s -> " " + s).orElse(""));
        out.println("attempts:  " + t.attempts() + "/" + t.maxAttempts());
        t.storageKey()
                .ifPresent(k -> out.println("file:      " + k
                        + t.sizeBytes().map(s -> " (" + s + " bytes)").orElse("")));
        // The requester's view, as over HTTP; the detail is on the report desk (`reports list`, the console).
        t.publicError().ifPresent(e -> out.println("error:     " + e.code() + ": " + e.message()));
    }
}
