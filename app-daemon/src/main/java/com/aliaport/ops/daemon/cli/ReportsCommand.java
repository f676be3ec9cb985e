package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.DaemonContext;
import com.aliaport.ops.daemon.reportapi.ReportCommands;
import com.aliaport.ops.operatorcommand.CommandKind;
import com.aliaport.ops.operatorcommand.OperatorCommand;
import com.aliaport.ops.reportqueue.DeskFilter;
import com.aliaport.ops.reportqueue.DeskTask;
import com.aliaport.ops.reportqueue.ReportDesk;
import com.aliaport.ops.reportqueue.ReportState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "reports",
        description = "Submit report tasks, read their status, and (the report desk) list, cancel and requeue them.",
        subcommands = {
            ReportsCommand.Submit.class,
            ReportsCommand.Status.class,
            ReportsCommand.ListTasks.class,
            ReportsCommand.Cancel.class,
            ReportsCommand.Requeue.class
        })
public final class ReportsCommand {
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/Istanbul"));

    @ParentCommand
    MainCommand main;

    DaemonContext open() {
        return DaemonContext.open(main.cli.config(), main.cli.clock());
    }

    @Command(name = "submit", description = "Queue a report (barinma, manifest, cari-ekstre); prints the task id.")
    static final class Submit implements Callable<Integer> {
        @ParentCommand
        ReportsCommand reports;

        @Parameters(index = "0", description = "barinma | manifest | cari-ekstre")
        String type;

        @Option(names = "--param", description = "key=value, repeatable (date_from=2026-01-01 …)")
        List<String> params = new ArrayList<>();

        @Option(names = "--wait", description = "Wait for the end and print the final state (exit 0 only on SUCCESS).")
        boolean await;

        @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait with --wait.")
        int timeoutSeconds;

        @Override
        public Integer call() {
            try (DaemonContext ctx = reports.open()) {
                if (await) {
                    ctx.reports.listen();
                }
                return new ReportCommands(ctx.reports.service(), System.out, System.err)
                        .submit(
                                type,
                                params,
                                "cli:" + System.getProperty("user.name"),
                                await,
                                Duration.ofSeconds(timeoutSeconds));
            }
        }
    }

    @Command(name = "status", description = "State, progress, file and error of a report task.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ReportsCommand reports;

        @Parameters(index = "0")
        String taskId;

        @Override
        public Integer call() {
            try (DaemonContext ctx = reports.open()) {
                return new ReportCommands(ctx.reports.service(), System.out, System.err).status(taskId);
            }
        }
    }

    @Command(name = "list", description = "Every user's report tasks, newest first (the report desk).")
    static final class ListTasks implements Callable<Integer> {
        @ParentCommand
        ReportsCommand reports;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--state",
                description = "PENDING, STARTED, PROGRESS, SUCCESS, FAILURE or CANCELLED.",
                paramLabel = "S")
        String state;

        @Option(names = "--user", description = "Only the tasks this user requested.", paramLabel = "U")
        String user;

        @Option(
                names = "--type",
                description = "Only this report type (barinma, manifest, cari-ekstre).",
                paramLabel = "T")
        String type;

        @Option(names = "--dead", description = "Only dead-lettered tasks (failed every attempt).")
        boolean dead;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many tasks (1-1000; default 50).")
        int limit;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            DeskFilter filter = filter();
            if (limit < 1 || limit > ReportDesk.MAX_PAGE) {
                throw new ParameterException(
                        spec.commandLine(), "--limit: " + limit + " is not in 1.." + ReportDesk.MAX_PAGE);
            }
            try (DaemonContext ctx = reports.open()) {
                List<DeskTask> tasks = new ReportDesk(ctx.infra.database().dsl())
                        .page(filter, Optional.empty(), Optional.empty(), limit);
                if (json) {
                    System.out.println(Json.write(
                            tasks.stream().map(ReportsCommand::toJson).toList()));
                    return 0;
                }
                System.out.printf(
                        "%-36s  %-11s  %-16s  %-9s  %-13s  %-8s  %-19s  %s%n",
                        "TASK", "TYPE", "USER", "STATE", "PROGRESS", "ATTEMPTS", "CREATED (Istanbul)", "ERROR");
                for (DeskTask t : tasks) {
                    System.out.printf(
                            "%-36s  %-11s  %-16s  %-9s  %-13s  %-8s  %-19s  %s%n",
                            t.id(),
                            t.type(),
                            t.requestedBy(),
                            t.state() + (t.deadLettered() ? "*" : ""),
                            t.progressCurrent() + "/" + t.progressTotal(),
                            t.attempts() + "/" + t.maxAttempts(),
                            LOCAL.format(t.createdAt()),
                            t.error().map(e -> e.lines().findFirst().orElse(e)).orElse(""));
                }
                if (tasks.stream().anyMatch(DeskTask::deadLettered)) {
                    System.out.println("* dead-lettered: 'reports requeue <task>' runs it again");
                }
                return 0;
            }
        }

        private DeskFilter filter() {
            DeskFilter f = DeskFilter.ALL;
            if (state != null) {
                try {
                    f = f.withState(ReportState.valueOf(state.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(
                            spec.commandLine(),
                            "--state: '" + state + "' is not one of PENDING, STARTED, PROGRESS, SUCCESS, FAILURE,"
                                    + " CANCELLED");
                }
            }
            if (user != null) {
                f = f.withRequestedBy(user);
            }
            if (type != null) {
                f = f.withType(type);
            }
            return dead ? f.deadLettered() : f;
        }
    }

    static Map<String, Object> toJson(DeskTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id().toString());
        m.put("type", t.type());
        m.put("requested_by", t.requestedBy());
        m.put("parameters", t.parameters());
        m.put("state", t.state().name());
        m.put("progress_current", t.progressCurrent());
        m.put("progress_total", t.progressTotal());
        m.put("progress_status", t.progressStatus().orElse(null));
        m.put("attempts", t.attempts());
        m.put("max_attempts", t.maxAttempts());
        m.put("dead_lettered", t.deadLettered());
        m.put("cancel_requested", t.cancelRequested());
        m.put("size_bytes", t.sizeBytes().orElse(null));
        m.put("error", t.error().orElse(null));
        m.put("created_at", t.createdAt().toString());
        m.put("started_at", t.startedAt().map(Instant::toString).orElse(null));
        m.put("finished_at", t.finishedAt().map(Instant::toString).orElse(null));
        m.put("storage_key", t.storageKey().orElse(null));
        return m;
    }

    /**
     * cancel, requeue: an operator command ({@code CANCEL_REPORT}, {@code REQUEUE_REPORT}) submitted to
     * {@code operator_commands} as the console does (requested by this database user, audited), carried out by the
     * daemon's processor — here, at once, unless a running daemon node claimed it first; then its outcome is
     * awaited.
     */
    private abstract static class ReportAction implements Callable<Integer> {
        private static final Duration OUTCOME_WAIT = Duration.ofSeconds(10);

        @ParentCommand
        ReportsCommand reports;

        @Parameters(index = "0", description = "Report task id (UUID), as in 'reports list'.", paramLabel = "<task-id>")
        UUID taskId;

        abstract CommandKind kind();

        @Override
        public Integer call() {
            try (DaemonContext ctx = reports.open()) {
                OperatorCommand asked = ctx.operatorCommands.submit(kind(), taskId.toString(), Map.of());
                String handler = "cli@" + ctx.config.nodeId();
                OperatorCommand done = ctx.commandProcessor(handler).process(asked.id(), OUTCOME_WAIT);
                if (done.handledBy().filter(handler::equals).isPresent()
                        && done.state().finished()) {
                    // This process changed the task without running the queue's announcer: tell the desks.
                    ctx.reports.announceNow(taskId);
                }
                return switch (done.state()) {
                    case DONE -> {
                        System.out.println(done.outcome().orElse(kind() + " " + taskId + " done"));
                        yield 0;
                    }
                    case FAILED -> {
                        System.err.println("error: " + done.outcome().orElse("command " + done.id() + " failed"));
                        yield 1;
                    }
                    case WAITING, RUNNING -> {
                        System.err.println("error: command " + done.id() + " is still " + done.state()
                                + done.handledBy().map(h -> " on " + h).orElse("") + " after "
                                + OUTCOME_WAIT.toSeconds() + " s");
                        yield 1;
                    }
                };
            }
        }
    }

    @Command(
            name = "cancel",
            description = "Cancel a report task: a pending one at once, a running one by asking its worker to stop.")
    static final class Cancel extends ReportAction {
        @Override
        CommandKind kind() {
            return CommandKind.CANCEL_REPORT;
        }
    }

    @Command(name = "requeue", description = "Put a dead-lettered report task back in the queue with fresh attempts.")
    static final class Requeue extends ReportAction {
        @Override
        CommandKind kind() {
            return CommandKind.REQUEUE_REPORT;
        }
    }
}
