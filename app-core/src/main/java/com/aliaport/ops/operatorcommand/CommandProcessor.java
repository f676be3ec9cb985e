package com.aliaport.ops.operatorcommand;

import com.aliaport.ops.auditlog.AuditLog;
import com.aliaport.ops.jobrun.JobRun;
import com.aliaport.ops.jobrun.JobRunRepository;
import com.aliaport.ops.jobrun.JobRunStatus;
import com.aliaport.ops.reportqueue.ReportTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out operator commands: claims one (WAITING → RUNNING, {@code FOR UPDATE SKIP LOCKED}, so exactly one
 * node or CLI takes it), acts through {@link JobControl} (jobs) or {@link ReportControl} (report tasks), then writes
 * DONE or FAILED with an outcome and the audit event ({@code job.paused}, {@code job.resumed},
 * {@code job.triggered}, {@code job.rerun}, {@code report.cancelled}, {@code report.requeued}, or
 * {@code command.failed}) in one transaction, with the requester as the actor. A processor without a report
 * queue ({@link ReportControl#NONE}) leaves report commands to the nodes that have one. The daemon's nodes and the CLI
 * share it: there is one implementation of each action.
 */
public final class CommandProcessor {
    /** A command RUNNING longer than this lost its node: its actions take milliseconds. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    private final DSLContext dsl;
    private final OperatorCommands commands;
    private final JobControl control;
    private final ReportControl reports;
    private final Set<CommandKind> kinds;
    private final JobRunRepository runs;
    private final AuditLog audit;
    private final String handler;
    private final Clock clock;
    private final ReportLinkStore links;

    /**
     * Everything the processor needs; {@code handler} names this node (or CLI process) in handled_by;
     * {@code reports} is {@link ReportControl#NONE} where there is no report queue.
     */
    public record Wiring(
            DSLContext dsl,
            OperatorCommands commands,
            JobControl control,
            ReportControl reports,
            JobRunRepository runs,
            AuditLog audit,
            String handler,
            Clock clock) {

        /** Without a report queue. */
        public Wiring(
                DSLContext dsl,
                OperatorCommands commands,
                JobControl control,
                JobRunRepository runs,
                AuditLog audit,
                String handler,
                Clock clock) {
            this(dsl, commands, control, ReportControl.NONE, runs, audit, handler, clock);
        }
    }

    public CommandProcessor(Wiring w) {
        this.dsl = w.dsl();
        this.commands = w.commands();
        this.control = w.control();
        this.reports = w.reports();
        this.kinds = w.reports().available()
                ? EnumSet.allOf(CommandKind.class)
                : EnumSet.copyOf(EnumSet.allOf(CommandKind.class).stream()
                        .filter(k -> !k.onReport())
                        .toList());
        this.runs = w.runs();
        this.audit = w.audit();
        this.handler = w.handler();
        this.clock = w.clock();
        this.links = new ReportLinkStore(w.dsl());
    }

    public String handler() {
        return handler;
    }

    /** Claims and carries out the oldest waiting command; empty when none waits. */
    public Optional<OperatorCommand> processNext() {
        return commands.claimNext(handler, clock.instant(), kinds).map(this::carryOut);
    }

    /** Carries out every waiting command, oldest first; returns how many. */
    public int processWaiting() {
        int n = 0;
        while (processNext().isPresent()) {
            n++;
        }
        return n;
    }

    /**
     * Carries out this command here when it still waits; when another node claimed it first, waits up to
     * {@code wait} for that node's outcome. Returns the command as it stands then (finished, or not yet).
     */
    public OperatorCommand process(long id, Duration wait) {
        Optional<OperatorCommand> mine = commands.claim(id, handler, clock.instant());
        if (mine.isPresent()) {
            return carryOut(mine.get());
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            OperatorCommand now = commands.find(id)
                    .orElseThrow(() -> new InvalidCommandException("there is no operator command " + id));
            if (now.state().finished() || System.nanoTime() >= deadline) {
                return now;
            }
            sleep(50);
        }
    }

    /** Fails commands whose node died while carrying them out, with an audit event each; returns how many. */
    public int failStale() {
        Instant now = clock.instant();
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            List<OperatorCommand> stale = commands.failStale(
                    tx,
                    now.minus(STALE_AFTER),
                    now,
                    "no outcome: the node that took it stopped while carrying it out (see the job's runs)");
            stale.forEach(c -> audit.record(
                    tx,
                    "command.failed",
                    c.requestedBy(),
                    details(c, c.outcome().orElse(""))));
            return stale.size();
        });
    }

    private OperatorCommand carryOut(OperatorCommand c) {
        String event;
        String outcome;
        CommandState state;
        try {
            outcome = act(c);
            event = switch (c.kind()) {
                case PAUSE -> "job.paused";
                case RESUME -> "job.resumed";
                case RUN_NOW, RUN_FOR_DATE -> "job.triggered";
                case RERUN -> "job.rerun";
                case CANCEL_REPORT -> "report.cancelled";
                case REQUEUE_REPORT -> "report.requeued";
                case SUBMIT_REPORT -> "report.submitted";
                case LINK_REPORT -> "report.link_signed";
            };
            state = CommandState.DONE;
        } catch (RuntimeException e) {
            outcome = e.getMessage() == null ? e.toString() : e.getMessage();
            event = "command.failed";
            state = CommandState.FAILED;
            log.warn(
                    "operator command {} ({} {} by {}) failed: {}",
                    c.id(),
                    c.kind(),
                    c.target(),
                    c.requestedBy(),
                    outcome);
        }
        String finalEvent = event;
        String finalOutcome = outcome;
        CommandState finalState = state;
        Instant at = clock.instant();
        OperatorCommand done = dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            Optional<OperatorCommand> finished = commands.finish(tx, c.id(), finalState, finalOutcome, at);
            finished.ifPresent(f -> audit.record(tx, finalEvent, c.requestedBy(), details(c, finalOutcome)));
            return finished.orElseGet(() -> commands.find(c.id()).orElse(c));
        });
        log.info(
                "operator command {} {} {} by {}: {} ({})",
                c.id(),
                c.kind(),
                c.target(),
                c.requestedBy(),
                done.state(),
                finalOutcome);
        return done;
    }

    /** Does what the command asks; returns the outcome text, or throws with a message naming what is wrong. */
    private String act(OperatorCommand c) {
        String target = c.target();
        return switch (c.kind()) {
            case PAUSE -> {
                control.pause(target);
                yield target + " paused";
            }
            case RESUME -> {
                control.resume(target);
                yield target + " resumed";
            }
            case RUN_NOW -> {
                control.trigger(target, c.parameters());
                yield target + " triggered; a running daemon of the cluster fires it";
            }
            case RUN_FOR_DATE -> {
                String date = OperatorCommands.date(c.parameters().get("date")).toString();
                if (!control.takesDate(target)) {
                    throw new InvalidCommandException(target + " takes no date: use RUN_NOW");
                }
                Map<String, String> parameters = new LinkedHashMap<>(c.parameters());
                parameters.put("date", date);
                control.trigger(target, parameters);
                yield target + " triggered for " + date + "; a running daemon of the cluster fires it";
            }
            case RERUN -> {
                long runId = OperatorCommands.runId(target);
                JobRun run = runs.find(runId)
                        .orElseThrow(() -> new InvalidCommandException("RERUN: there is no job run " + runId));
                if (run.status() == JobRunStatus.RUNNING) {
                    throw new InvalidCommandException(
                            "RERUN: job run " + runId + " of " + run.jobId() + " is still RUNNING");
                }
                control.trigger(run.jobId(), run.parameters());
                yield "run " + runId + " of " + run.jobId() + " triggered again with parameters " + run.parameters()
                        + "; a running daemon of the cluster fires it";
            }
            case CANCEL_REPORT -> cancelReport(OperatorCommands.taskId(c.kind(), target));
            case REQUEUE_REPORT -> requeueReport(OperatorCommands.taskId(c.kind(), target));
            case SUBMIT_REPORT -> submitReport(c);
            case LINK_REPORT -> linkReport(c, OperatorCommands.taskId(c.kind(), target));
        };
    }

    private ReportTask reportTask(CommandKind kind, UUID id) {
        if (!reports.available()) {
            throw new InvalidCommandException(kind + ": " + handler + " has no report queue");
        }
        return reports.find(id)
                .orElseThrow(() -> new InvalidCommandException(kind + ": there is no report task " + id));
    }

    private String cancelReport(UUID id) {
        ReportTask task = reportTask(CommandKind.CANCEL_REPORT, id);
        if (task.state().terminal()) {
            throw new InvalidCommandException("CANCEL_REPORT: report task " + id + " (" + task.type()
                    + ") has already finished: " + task.state());
        }
        ReportTask now = reports.cancel(id);
        String what = "report task " + id + " (" + now.type() + " of " + now.requestedBy() + ")";
        return switch (now.state()) {
            case CANCELLED -> what + " cancelled";
            case STARTED, PROGRESS -> what + " is running: its worker was asked to stop";
            default -> what + " is " + now.state();
        };
    }

    private String requeueReport(UUID id) {
        ReportTask task = reportTask(CommandKind.REQUEUE_REPORT, id);
        if (!task.deadLettered()) {
            throw new InvalidCommandException("REQUEUE_REPORT: report task " + id + " (" + task.type() + ", "
                    + task.state() + ") is not dead-lettered; only a dead-lettered task can be requeued");
        }
        ReportTask now = reports.requeue(id);
        return "report task " + id + " (" + now.type() + " of " + now.requestedBy() + ") requeued with fresh attempts: "
                + now.state();
    }

    private String submitReport(OperatorCommand c) {
        if (!reports.available()) {
            throw new InvalidCommandException("SUBMIT_REPORT: " + handler + " has no report queue");
        }
        // The command's id as the idempotency key: carrying the same command out twice queues one task.
        ReportTask task = reports.submit(c.target(), c.parameters(), c.requestedBy(), "operator-command-" + c.id());
        return "report task " + task.id() + " (" + task.type() + " of " + task.requestedBy() + ") queued: "
                + task.state();
    }

    private String linkReport(OperatorCommand c, UUID id) {
        ReportTask task = reportTask(CommandKind.LINK_REPORT, id);
        String what = "report task " + id + " (" + task.type() + " of " + task.requestedBy() + ")";
        if (task.state() != com.aliaport.ops.reportqueue.ReportState.SUCCESS) {
            throw new InvalidCommandException("LINK_REPORT: " + what + " is " + task.state() + "; nothing to download");
        }
        var link = reports.link(task)
                .orElseThrow(
                        () -> new InvalidCommandException("LINK_REPORT: the file of " + what + " is no longer kept"));
        links.put(c.id(), id, c.requestedBy(), link, clock.instant());
        // The link itself stays out of the outcome and the audit log: report_links shows it to the requester only.
        return "download link of " + what + " signed, valid until " + link.expiresAt();
    }

    private Map<String, Object> details(OperatorCommand c, String outcome) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command_id", c.id());
        d.put("command", c.kind().name());
        d.put("target", c.target());
        if (c.kind().onTask()) {
            d.put("task_id", c.target());
        } else if (c.kind() == CommandKind.SUBMIT_REPORT) {
            d.put("report_type", c.target());
        } else if (c.kind() != CommandKind.RERUN) {
            d.put("job_id", c.target());
        }
        d.put("parameters", c.parameters());
        d.put("outcome", outcome);
        d.put("handled_by", handler);
        return d;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a command's outcome", e);
        }
    }
}
