package com.aliaport.ops.daemon;

import com.aliaport.ops.common.AliaportException;
import com.aliaport.ops.daemon.cli.Cli;
import com.aliaport.ops.daemon.cli.MainCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** {@code java -jar aliaport-daemon.jar <command>}: exit 0 on success, else one line on stderr. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        CommandLine cmd = new CommandLine(new MainCommand(new Cli(System.getenv()), new Features()));
        cmd.setExecutionExceptionHandler((e, line, parse) -> {
            line.getErr().println("error: " + oneLine(e));
            if (!(e instanceof AliaportException)) {
                org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", e);
            }
            return 1;
        });
        cmd.setParameterExceptionHandler((e, args2) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            return 2;
        });
        return cmd.execute(args);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
