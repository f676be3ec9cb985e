package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.daemon.DaemonContext;
import com.aliaport.ops.daemon.reportapi.ReportCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "reports",
        description = "Submit report tasks and read their status.",
        subcommands = {ReportsCommand.Submit.class, ReportsCommand.Status.class})
public final class ReportsCommand {
    @ParentCommand
    MainCommand main;

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
            try (DaemonContext ctx = DaemonContext.open(reports.main.cli.config(), reports.main.cli.clock())) {
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
            try (DaemonContext ctx = DaemonContext.open(reports.main.cli.config(), reports.main.cli.clock())) {
                return new ReportCommands(ctx.reports.service(), System.out, System.err).status(taskId);
            }
        }
    }
}
