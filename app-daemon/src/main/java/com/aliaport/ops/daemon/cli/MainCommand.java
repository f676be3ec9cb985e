package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.daemon.Features;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
        name = "aliaport-daemon",
        mixinStandardHelpOptions = true,
        version = "Aliaport Ops 0.1.0",
        description = "Aliaport background jobs: scheduler, report queue, HTTP API.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            MigrateCommand.class,
            JobsCommand.class,
            AuditCommand.class,
            SeedCommand.class,
            ReportsCommand.class,
            KurCommand.class
        })
public final class MainCommand implements Callable<Integer> {
    final Cli cli;
    final Features features;

    public MainCommand(Cli cli, Features features) {
        this.cli = cli;
        this.features = features;
    }

    /** No command: {@code run}. */
    @Override
    public Integer call() {
        RunCommand run = new RunCommand();
        run.main = this;
        return run.call();
    }
}
