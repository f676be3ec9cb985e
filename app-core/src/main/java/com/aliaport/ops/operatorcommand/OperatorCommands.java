package com.aliaport.ops.operatorcommand;

import static com.aliaport.ops.db.generated.Tables.JOB_RUNS;
import static com.aliaport.ops.db.generated.Tables.OPERATOR_COMMANDS;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.db.generated.tables.records.OperatorCommandsRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * The console's and the CLI's one channel to the cluster: {@code operator_commands}. {@link #submit} inserts only
 * command, target and parameters (what the {@code aliaport_operator} role may write); the database stamps who
 * asked ({@code session_user}) and when, records {@code command.requested} in the audit log and notifies
 * {@value #CHANNEL}. The claim and finish methods are the daemon side's ({@link CommandProcessor}).
 */
public final class OperatorCommands {
    /** The NOTIFY channel; the payload is the new command's id. */
    public static final String CHANNEL = "operator_commands";

    private final DSLContext dsl;

    public OperatorCommands(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Asks the cluster to carry out a command; returns it as stored (WAITING).
     *
     * @throws InvalidCommandException when the target or the parameters do not fit the kind: RUN_FOR_DATE needs
     *     parameter {@code date} as yyyy-MM-dd, RERUN a target that is the id of an existing job run,
     *     CANCEL_REPORT, REQUEUE_REPORT and LINK_REPORT a target that is a report task id (a UUID), SUBMIT_REPORT
     *     a report type
     */
    public OperatorCommand submit(CommandKind kind, String target, Map<String, String> parameters) {
        Map<String, String> checked = validate(kind, target, parameters);
        OperatorCommandsRecord row = dsl.insertInto(OPERATOR_COMMANDS)
                .columns(OPERATOR_COMMANDS.COMMAND, OPERATOR_COMMANDS.TARGET, OPERATOR_COMMANDS.PARAMETERS)
                .values(kind.name(), target.strip(), JSONB.valueOf(Json.write(checked)))
                .returning()
                .fetchOne();
        return toCommand(row);
    }

    private Map<String, String> validate(CommandKind kind, String target, Map<String, String> parameters) {
        if (kind == null) {
            throw new InvalidCommandException("a command needs a kind");
        }
        if (target == null || target.isBlank()) {
            throw new InvalidCommandException(kind + ": the target (a " + targetName(kind) + ") is missing");
        }
        Map<String, String> checked = new LinkedHashMap<>(parameters == null ? Map.of() : parameters);
        switch (kind) {
            case RUN_FOR_DATE -> checked.put("date", date(checked.get("date")).toString());
            case RERUN -> {
                long runId = runId(target);
                if (!dsl.fetchExists(JOB_RUNS, JOB_RUNS.ID.eq(runId))) {
                    throw new InvalidCommandException("RERUN: there is no job run " + runId);
                }
            }
            case CANCEL_REPORT, REQUEUE_REPORT, LINK_REPORT -> taskId(kind, target);
            case SUBMIT_REPORT -> {
                if (!target.strip().matches("[a-z0-9-]{1,40}")) {
                    throw new InvalidCommandException(
                            "SUBMIT_REPORT: the target must be a report type, not '" + target + "'");
                }
            }
            default -> {}
        }
        return checked;
    }

    private static String targetName(CommandKind kind) {
        return switch (kind) {
            case RERUN -> "job run id";
            case CANCEL_REPORT, REQUEUE_REPORT, LINK_REPORT -> "report task id";
            case SUBMIT_REPORT -> "report type";
            default -> "job id";
        };
    }

    /** The report task a CANCEL_REPORT, REQUEUE_REPORT or LINK_REPORT names. */
    static UUID taskId(CommandKind kind, String target) {
        try {
            return UUID.fromString(target.strip());
        } catch (IllegalArgumentException notAUuid) {
            throw new InvalidCommandException(
                    kind + ": the target must be a report task id (a UUID), not '" + target + "'");
        }
    }

    static LocalDate date(String value) {
        if (value == null) {
            throw new InvalidCommandException("RUN_FOR_DATE needs parameter date (yyyy-MM-dd)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidCommandException("RUN_FOR_DATE: date '" + value + "' is not a date like 2026-03-13");
        }
    }

    static long runId(String target) {
        try {
            long id = Long.parseLong(target.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new InvalidCommandException("RERUN: the target must be a job run id, not '" + target + "'");
    }

    public Optional<OperatorCommand> find(long id) {
        return dsl.selectFrom(OPERATOR_COMMANDS)
                .where(OPERATOR_COMMANDS.ID.eq(id))
                .fetchOptional()
                .map(OperatorCommands::toCommand);
    }

    /** The newest {@code limit} commands, newest first. */
    public List<OperatorCommand> recent(int limit) {
        return dsl.selectFrom(OPERATOR_COMMANDS).orderBy(OPERATOR_COMMANDS.ID.desc()).limit(limit).fetch().stream()
                .map(OperatorCommands::toCommand)
                .toList();
    }

    /** Claims the oldest WAITING command for {@code handler} (RUNNING), skipping any another node is claiming. */
    public Optional<OperatorCommand> claimNext(String handler, Instant at) {
        return claimNext(handler, at, EnumSet.allOf(CommandKind.class));
    }

    /** Like {@link #claimNext(String, Instant)}, but only commands of these kinds (those the caller can carry out). */
    public Optional<OperatorCommand> claimNext(String handler, Instant at, Set<CommandKind> kinds) {
        return claim(
                OPERATOR_COMMANDS
                        .STATE
                        .eq(CommandState.WAITING.name())
                        .and(OPERATOR_COMMANDS.COMMAND.in(
                                kinds.stream().map(Enum::name).toList())),
                handler,
                at);
    }

    /** Claims this command when it still waits and nobody else is claiming it; empty otherwise. */
    public Optional<OperatorCommand> claim(long id, String handler, Instant at) {
        return claim(
                OPERATOR_COMMANDS.ID.eq(id).and(OPERATOR_COMMANDS.STATE.eq(CommandState.WAITING.name())), handler, at);
    }

    private Optional<OperatorCommand> claim(org.jooq.Condition which, String handler, Instant at) {
        return dsl.update(OPERATOR_COMMANDS)
                .set(OPERATOR_COMMANDS.STATE, CommandState.RUNNING.name())
                .set(OPERATOR_COMMANDS.HANDLED_BY, handler)
                .set(OPERATOR_COMMANDS.STARTED_AT, at)
                .where(OPERATOR_COMMANDS.ID.eq(dsl.select(OPERATOR_COMMANDS.ID)
                        .from(OPERATOR_COMMANDS)
                        .where(which)
                        .orderBy(OPERATOR_COMMANDS.ID)
                        .limit(1)
                        .forUpdate()
                        .skipLocked()))
                .returning()
                .fetchOptional()
                .map(OperatorCommands::toCommand);
    }

    /** Ends a RUNNING command, in the caller's transaction; empty when it was not RUNNING any more. */
    public Optional<OperatorCommand> finish(DSLContext tx, long id, CommandState state, String outcome, Instant at) {
        if (!state.finished()) {
            throw new IllegalArgumentException("a command ends DONE or FAILED, not " + state);
        }
        return tx.update(OPERATOR_COMMANDS)
                .set(OPERATOR_COMMANDS.STATE, state.name())
                .set(OPERATOR_COMMANDS.FINISHED_AT, at)
                .set(OPERATOR_COMMANDS.OUTCOME, outcome)
                .where(OPERATOR_COMMANDS.ID.eq(id).and(OPERATOR_COMMANDS.STATE.eq(CommandState.RUNNING.name())))
                .returning()
                .fetchOptional()
                .map(OperatorCommands::toCommand);
    }

    /** Fails commands left RUNNING since before {@code startedBefore} (their node died while carrying them out). */
    public List<OperatorCommand> failStale(DSLContext tx, Instant startedBefore, Instant at, String outcome) {
        return tx
                .update(OPERATOR_COMMANDS)
                .set(OPERATOR_COMMANDS.STATE, CommandState.FAILED.name())
                .set(OPERATOR_COMMANDS.FINISHED_AT, at)
                .set(OPERATOR_COMMANDS.OUTCOME, outcome)
                .where(OPERATOR_COMMANDS.STATE.eq(CommandState.RUNNING.name()))
                .and(OPERATOR_COMMANDS.STARTED_AT.lt(startedBefore))
                .returning()
                .fetch()
                .stream()
                .map(OperatorCommands::toCommand)
                .toList();
    }

    static OperatorCommand toCommand(OperatorCommandsRecord r) {
        return new OperatorCommand(
                r.getId(),
                CommandKind.valueOf(r.getCommand()),
                r.getTarget(),
                parameters(r.getParameters()),
                r.getRequestedBy(),
                r.getRequestedAt(),
                CommandState.valueOf(r.getState()),
                Optional.ofNullable(r.getHandledBy()),
                Optional.ofNullable(r.getFinishedAt()),
                Optional.ofNullable(r.getOutcome()));
    }

    private static Map<String, String> parameters(JSONB json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json != null) {
            Json.read(json.data(), Map.class).forEach((k, v) -> {
                if (v != null) {
                    out.put(String.valueOf(k), String.valueOf(v));
                }
            });
        }
        return out;
    }
}
