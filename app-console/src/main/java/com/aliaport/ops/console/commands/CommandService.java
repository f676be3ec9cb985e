package com.aliaport.ops.console.commands;

import com.aliaport.ops.operatorcommand.CommandKind;
import com.aliaport.ops.operatorcommand.CommandState;
import com.aliaport.ops.operatorcommand.OperatorCommand;
import com.aliaport.ops.operatorcommand.OperatorCommands;
import java.time.Duration;
import java.util.Map;

/**
 * The console's only way to act on the cluster: a row in {@code operator_commands} (the same core service the
 * CLI uses), then a short wait for a daemon to carry it out. Without a running daemon it stays waiting.
 */
public final class CommandService {
    private final OperatorCommands commands;
    private final Duration patience;

    public CommandService(OperatorCommands commands, Duration patience) {
        this.commands = commands;
        this.patience = patience;
    }

    /** Submits and waits up to the patience for an outcome; returns the command as last seen. */
    public OperatorCommand submitAndFollow(CommandKind kind, String target, Map<String, String> parameters)
            throws InterruptedException {
        OperatorCommand command = commands.submit(kind, target, parameters);
        long deadline = System.nanoTime() + patience.toNanos();
        while (!finished(command) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            command = commands.find(command.id()).orElse(command);
        }
        return command;
    }

    private static boolean finished(OperatorCommand c) {
        return c.state() == CommandState.DONE || c.state() == CommandState.FAILED;
    }
}
