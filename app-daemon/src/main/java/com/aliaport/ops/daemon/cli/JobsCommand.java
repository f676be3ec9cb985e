package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.DaemonContext;
import com.aliaport.ops.daemon.scheduler.JobDefinition;
import com.aliaport.ops.daemon.scheduler.JobStatusView;
import com.aliaport.ops.daemon.scheduler.QuartzCluster;
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
        description = "List, run, trigger, pause and resume jobs.",
        subcommands = {
            JobsCommand.ListJobs.class,
            JobsCommand.RunJob.class,
            JobsCommand.TriggerJob.class,
            JobsCommand.PauseJob.class,
            JobsCommand.ResumeJob.class
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
                ctx.cluster.register();
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
                try {
                    params.put("date", LocalDate.parse(date).toString());
                } catch (DateTimeParseException e) {
                    throw new ParameterException(
                            spec.commandLine(), "--date: '" + date + "' is not a date like 2026-03-13");
                }
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

    /** trigger, pause, resume: one cluster action on a job, recorded in the audit log. */
    private abstract static class ClusterAction implements Callable<Integer> {
        @ParentCommand
        JobsCommand jobs;

        @Parameters(index = "0", description = "Job id, as in 'jobs list'.")
        String jobId;

        abstract void apply(QuartzCluster cluster);

        abstract String event();

        abstract String done();

        @Override
        public Integer call() {
            try (DaemonContext ctx = jobs.open()) {
                ctx.cluster.register();
                apply(ctx.cluster);
                ctx.audit.record(event(), "cli:" + System.getProperty("user.name"), Map.of("job_id", jobId));
                System.out.println(jobId + " " + done());
            }
            return 0;
        }
    }

    @Command(name = "trigger", description = "Fire a job now on the cluster (recorded as MANUAL).")
    static final class TriggerJob extends ClusterAction {
        @Override
        void apply(QuartzCluster cluster) {
            cluster.trigger(jobId, Map.of());
        }

        @Override
        String event() {
            return "job.triggered";
        }

        @Override
        String done() {
            return "triggered; a running daemon of the cluster fires it";
        }
    }

    @Command(name = "pause", description = "Pause a job's schedule cluster-wide.")
    static final class PauseJob extends ClusterAction {
        @Override
        void apply(QuartzCluster cluster) {
            cluster.pause(jobId);
        }

        @Override
        String event() {
            return "job.paused";
        }

        @Override
        String done() {
            return "paused";
        }
    }

    @Command(name = "resume", description = "Resume a paused job's schedule cluster-wide.")
    static final class ResumeJob extends ClusterAction {
        @Override
        void apply(QuartzCluster cluster) {
            cluster.resume(jobId);
        }

        @Override
        String event() {
            return "job.resumed";
        }

        @Override
        String done() {
            return "resumed";
        }
    }
}
