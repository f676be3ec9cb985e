package com.aliaport.ops.operatorcommand;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One row of {@code operator_commands}. {@code requestedBy} is the database user that inserted it. */
public record OperatorCommand(
        long id,
        CommandKind kind,
        String target,
        Map<String, String> parameters,
        String requestedBy,
        Instant requestedAt,
        CommandState state,
        Optional<String> handledBy,
        Optional<Instant> finishedAt,
        Optional<String> outcome) {

    public OperatorCommand {
        parameters = Map.copyOf(parameters);
    }
}
