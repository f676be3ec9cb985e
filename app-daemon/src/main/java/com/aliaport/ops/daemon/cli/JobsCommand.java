package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.DaemonContext;
import com.aliaport.ops.daemon.scheduler.JobDefinition;
import com.aliaport.ops.daemon.scheduler.JobStatusView;
import com.aliaport.ops.daemon.scheduler.QuartzCluster;
import com.aliaport.ops.operatorcommand.CommandKind;
import com.aliaport.ops.operatorcommand.OperatorCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "jobs",
        description = "List, run, trigger, pause, resume and rerun jobs.",
        subcommands = {
            JobsCommand.ListJobs.class,
            JobsCommand.RunJob.class,
            JobsCommand.TriggerJob.class,
            JobsCommand.PauseJob.class,
            JobsCommand.ResumeJob.class,
            JobsCommand.RerunJob.class
        })
public final class JobsCommand {
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(QuartzCluster.ZONE);

    @ParentCommand
    MainCommand main;

    DaemonContext open() {
        return DaemonContext.open(main.cli.config(), main.cli.clock());
    }

    static String local(Optional<Instant> t) {
        return t.map(LOCAL::format).orElse("-");
    }

    @Command(name = "list", description = "Jobs with schedule, next fire time, pause state and last run.")
    static final class ListJobs implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            try (DaemonContext ctx = jobs.open()) {
                ctx.registerJobs();
                List<JobStatusView> views = ctx.cluster.list();
                if (json) {
                    System.out.println(
                            Json.write(views.stream().map(JobsCommand::toJson).toList()));
                    return 0;
                }
                System.out.printf(
                        "%-28s %-22s %-20s %-6s %s%n", "JOB", "SCHEDULE", "NEXT FIRE (Istanbul)", "PAUSED", "LAST RUN");
                for (JobStatusView v : views) {
                    String last = v.lastRun()
                            .map(r -> r.status() + " " + local(r.finishedAt().or(r::startedAt)))
                            .orElse("never");
                    System.out.printf(
                            "%-28s %-22s %-20s %-6s %s%n",
                            v.id(),
                            v.cron().orElse("manual"),
                            local(v.nextFireTime()),
                            v.paused() ? "yes" : "no",
                            last);
                }
            }
            return 0;
        }
    }

    static Map<String, Object> toJson(JobStatusView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("description", v.description());
        m.put("schedule", v.cron().orElse(null));
        m.put("pool", v.pool().name());
        m.put("next_fire_time", v.nextFireTime().map(Instant::toString).orElse(null));
        m.put("paused", v.paused());
        m.put(
                "last_run",
                v.lastRun()
                        .map(r -> Map.of(
                                "id",
                                r.id(),
                                "status",
                                r.status().name(),
                                "trigger_kind",
                                r.triggerKind().name()))
                        .orElse(null));
        return m;
    }

    @Command(name = "run", description = "Run a job now in this process (recorded as MANUAL; no retries).")
    static final class RunJob implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Job id, as in 'jobs list'.")
        String jobId;

        @Option(names = "--date", description = "The date to run for (yyyy-MM-dd), for jobs that take one.")
        String date;

        @Override
        public Integer call() {
            Map<String, String> params = new LinkedHashMap<>();
            if (date != null) {
                params.put("date", isoDate(spec, date));
            }
            try (DaemonContext ctx = jobs.open()) {
                JobDefinition job = ctx.catalog.get(jobId);
                var outcome = ctx.runHere(job, params);
                String line = job.id() + " run "
                        + outcome.runId().map(String::valueOf).orElse("-") + " " + outcome.status() + ": "
                        + outcome.message();
                return switch (outcome.status()) {
                    case SUCCEEDED, SKIPPED -> {
                        System.out.println(line);
                        yield 0;
                    }
                    default -> {
                        System.err.println(line);
                        yield 1;
                    }
                };
            }
        }
    }

    /**
     * trigger, pause, resume, rerun: an operator command, submitted to {@code operator_commands} exactly as the
     * console does (requested by this database user, audited) and carried out by the same processor as the
     * daemon's — here, at once, unless a running daemon node claimed it first; then its outcome is awaited.
     */
    private abstract static class CommandAction implements Callable<Integer> {
        private static final Duration OUTCOME_WAIT = Duration.ofSeconds(10);

        @ParentCommand
        JobsCommand jobs;

        @Spec
        CommandSpec spec;

        abstract CommandKind kind();

        abstract String target();

        Map<String, String> parameters() {
            return Map.of();
        }

        @Override
        public Integer call() {
            Map<String, String> parameters = parameters();
            try (DaemonContext ctx = jobs.open()) {
                ctx.registerJobs();
                OperatorCommand asked = ctx.operatorCommands.submit(kind(), target(), parameters);
                OperatorCommand done =
                        ctx.commandProcessor("cli@" + ctx.config.nodeId()).process(asked.id(), OUTCOME_WAIT);
                return switch (done.state()) {
                    case DONE -> {
                        System.out.println(done.outcome().orElse(done.target() + " done"));
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

    /** An action on one job, by id. */
    private abstract static class JobAction extends CommandAction {
        @Parameters(index = "0", description = "Job id, as in 'jobs list'.")
        String jobId;

        @Override
        String target() {
            return jobId;
        }
    }

    @Command(
            name = "trigger",
            description = "Fire a job now on the cluster (recorded as MANUAL), optionally for a date.")
    static final class TriggerJob extends JobAction {
        @Option(names = "--date", description = "The date to run for (yyyy-MM-dd), for jobs that take one.")
        String date;

        @Override
        CommandKind kind() {
            return date == null ? CommandKind.RUN_NOW : CommandKind.RUN_FOR_DATE;
        }

        @Override
        Map<String, String> parameters() {
            return date == null ? Map.of() : Map.of("date", isoDate(spec, date));
        }
    }

    @Command(name = "pause", description = "Pause a job's schedule cluster-wide.")
    static final class PauseJob extends JobAction {
        @Override
        CommandKind kind() {
            return CommandKind.PAUSE;
        }
    }

    @Command(name = "resume", description = "Resume a paused job's schedule cluster-wide.")
    static final class ResumeJob extends JobAction {
        @Override
        CommandKind kind() {
            return CommandKind.RESUME;
        }
    }

    @Command(
            name = "rerun",
            description = "Run the job of a finished run again with that run's parameters (MANUAL, on the cluster).")
    static final class RerunJob extends CommandAction {
        @Parameters(index = "0", description = "Job run id, as in job_runs (the console's run history).")
        String runId;

        @Override
        CommandKind kind() {
            return CommandKind.RERUN;
        }

        @Override
        String target() {
            return runId;
        }
    }

    static String isoDate(CommandSpec spec, String date) {
        try {
            return LocalDate.parse(date).toString();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--date: '" + date + "' is not a date like 2026-03-13");
        }
    }
}
