package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.daemon.ConfigFileCheck;
import com.aliaport.ops.daemon.Daemon;
import com.aliaport.ops.daemon.DaemonContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = "Run the scheduler, the report workers and HTTP until SIGTERM (the default).")
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    MainCommand main;

    @Override
    public Integer call() {
        ConfigFileCheck.warn(main.cli.configFile());
        try (DaemonContext ctx = DaemonContext.open(main.cli.config(), main.cli.clock())) {
            Daemon daemon = main.features.daemon(ctx);
            daemon.start();
            daemon.awaitSignal();
        }
        return 0;
    }
}
