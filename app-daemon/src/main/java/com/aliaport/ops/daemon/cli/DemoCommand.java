package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.daemon.Daemon;
import com.aliaport.ops.daemon.DaemonContext;
import com.aliaport.ops.daemon.scheduler.JobDefinition;
import com.aliaport.ops.daemon.scheduler.Jobs;
import com.aliaport.ops.exchangerate.tcmb.RecordedTcmbServer;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: the whole system on one machine with nothing installed — embedded PostgreSQL and Redis
 * (unless configured), demo data, the recorded TCMB bulletins served locally, one run of each job, then the
 * daemon keeps running for the console and the HTTP API.
 */
@Command(
        name = "demo",
        description = "Embedded everything, demo data, recorded bulletins, each job once; keeps running.")
public final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    MainCommand main;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try (RecordedTcmbServer tcmb = RecordedTcmbServer.start(0);
                DaemonContext ctx = DaemonContext.open(
                        main.cli.config(
                                Map.of("ALIAPORT_TCMB_URL", tcmb.baseUri().toString())),
                        main.cli.clock())) {
            out.println("Aliaport Ops demo — node " + ctx.config.nodeId() + ", state in " + ctx.config.home());
            out.println("  recorded TCMB bulletins served at " + tcmb.baseUri());
            main.features.prepareDemo(ctx, out);
            Daemon daemon = main.features.daemon(ctx);
            daemon.start();
            runEachJobOnce(ctx, tcmb, out);
            main.features.demoReports(ctx, out);
            out.println();
            out.println("Running. HTTP: http://" + ctx.config.http().bind() + ":" + daemon.httpPort()
                    + "  (/api/scheduler/health, /metrics, /api/kurlar?tarih=" + tcmb.newest() + ")");
            out.println("Database: " + ctx.infra.connection().jdbcUrl() + " (the console finds it in "
                    + ctx.config.home().resolve("embedded-db.properties") + ")");
            out.println("Stop with Ctrl-C.");
            daemon.awaitSignal();
        }
        return 0;
    }

    private static void runEachJobOnce(DaemonContext ctx, RecordedTcmbServer tcmb, PrintStream out) {
        out.println("Running each job once:");
        for (JobDefinition job : ctx.catalog.all()) {
            if (job.id().startsWith("diag_")) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (job.id().equals(Jobs.KUR_GUNCELLEME)) {
                params.put("date", tcmb.newest().toString()); // a recorded bulletin, whatever today is
            }
            var outcome = ctx.runHere(job, params);
            out.printf("  %-26s %-9s %s%n", job.id(), outcome.status(), outcome.message());
        }
    }
}
