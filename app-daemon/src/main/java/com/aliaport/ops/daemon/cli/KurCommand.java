package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.common.Json;
import com.aliaport.ops.daemon.DaemonContext;
import com.aliaport.ops.exchangerate.AnomalyDecisions;
import com.aliaport.ops.exchangerate.AnomalyView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

/**
 * {@code kur anomalies|accept|reject}: the exchange-rate anomalies and their decisions, through the same core
 * service ({@link AnomalyDecisions}) and database function as the console, as the configured database user.
 * A refused decision (already decided, no note, not allowed) exits 1 with PostgreSQL's reason.
 */
@Command(
        name = "kur",
        description = "Exchange-rate anomalies: list, accept, reject.",
        subcommands = {KurCommand.ListAnomalies.class, KurCommand.Accept.class, KurCommand.Reject.class})
public final class KurCommand {
    static final int LIST_LIMIT = 500;
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Istanbul"));

    @ParentCommand
    MainCommand main;

    DaemonContext open() {
        return DaemonContext.open(main.cli.config(), main.cli.clock());
    }

    static AnomalyDecisions decisions(DaemonContext ctx) {
        return new AnomalyDecisions(ctx.infra.database().dsl(), ctx.rates.cache());
    }

    @Command(name = "anomalies", description = "Open rate anomalies (--all: every one, open first), newest first.")
    static final class ListAnomalies implements Callable<Integer> {
        @ParentCommand
        KurCommand kur;

        @Option(names = "--all", description = "Decided ones too (at most " + LIST_LIMIT + ").")
        boolean all;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            try (DaemonContext ctx = kur.open()) {
                AnomalyDecisions decisions = decisions(ctx);
                List<AnomalyView> views = all ? decisions.all(LIST_LIMIT) : decisions.open();
                if (json) {
                    System.out.println(
                            Json.write(views.stream().map(KurCommand::toJson).toList()));
                    return 0;
                }
                if (views.isEmpty()) {
                    System.out.println(all ? "no anomalies" : "no open anomalies");
                    return 0;
                }
                System.out.printf(
                        "%-6s %-10s %-4s %-10s %14s %14s %9s %-4s %-8s %s%n",
                        "ID",
                        "DATE",
                        "CUR",
                        "PREVIOUS",
                        "PREVIOUS RATE",
                        "NEW RATE",
                        "CHANGE %",
                        "SRC",
                        "STATUS",
                        "DECIDED");
                for (AnomalyView v : views) {
                    String decided = v.decidedAt().isEmpty()
                            ? ""
                            : local(v.decidedAt()) + " " + v.decidedBy().orElse("?")
                                    + v.note().map(n -> ": " + n).orElse("");
                    System.out.printf(
                            "%-6d %-10s %-4s %-10s %14s %14s %9s %-4s %-8s %s%n",
                            v.id(),
                            v.date(),
                            v.currency(),
                            v.previousDate(),
                            v.previousRate().toPlainString(),
                            v.newRate().toPlainString(),
                            v.changePercent().toPlainString(),
                            v.source(),
                            v.status(),
                            decided);
                }
            }
            return 0;
        }
    }

    @Command(name = "accept", description = "Accept an anomaly: the rate stands.")
    static final class Accept implements Callable<Integer> {
        @ParentCommand
        KurCommand kur;

        @Parameters(index = "0", description = "Anomaly id, as in 'kur anomalies'.")
        long id;

        @Option(names = "--note", description = "Why (optional).")
        String note;

        @Override
        public Integer call() {
            try (DaemonContext ctx = kur.open()) {
                System.out.println(describe(decisions(ctx).accept(id, note == null ? "" : note)));
            }
            return 0;
        }
    }

    @Command(
            name = "reject",
            description = "Reject an anomaly: the rate is marked rejected; reports and /api/kurlar use the"
                    + " previous one.")
    static final class Reject implements Callable<Integer> {
        @ParentCommand
        KurCommand kur;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Anomaly id, as in 'kur anomalies'.")
        long id;

        @Option(names = "--note", required = true, description = "Why the rate is wrong (required).")
        String note;

        @Override
        public Integer call() {
            if (note.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--note: a rejection needs a note");
            }
            try (DaemonContext ctx = kur.open()) {
                System.out.println(describe(decisions(ctx).reject(id, note)));
            }
            return 0;
        }
    }

    static String describe(AnomalyView v) {
        return "anomaly " + v.id() + " (" + v.currency() + " " + v.date() + ": " + v.previousRate() + " → "
                + v.newRate() + ", " + v.changePercent().toPlainString() + " %) " + v.status() + " by "
                + v.decidedBy().orElse("?") + v.note().map(n -> ": " + n).orElse("");
    }

    static String local(Optional<Instant> t) {
        return t.map(LOCAL::format).orElse("-");
    }

    static Map<String, Object> toJson(AnomalyView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("date", v.date().toString());
        m.put("currency", v.currency());
        m.put("previous_date", v.previousDate().toString());
        m.put("previous_rate", v.previousRate());
        m.put("new_rate", v.newRate());
        m.put("change_percent", v.changePercent());
        m.put("source", v.source());
        m.put("job_run_id", v.jobRunId().orElse(null));
        m.put("status", v.status());
        m.put("decided_at", v.decidedAt().map(Instant::toString).orElse(null));
        m.put("decided_by", v.decidedBy().orElse(null));
        m.put("note", v.note().orElse(null));
        m.put("created_at", v.createdAt().toString());
        return m;
    }
}
