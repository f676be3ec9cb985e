package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.daemon.Daemon;
import com.aliaport.ops.daemon.DaemonContext;
import com.aliaport.ops.daemon.scheduler.JobDefinition;
import com.aliaport.ops.daemon.scheduler.Jobs;
import com.aliaport.ops.exchangerate.tcmb.RecordedTcmbServer;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
    /** The user of the demo's own API token. */
    static final String DEMO_USER = "demo";

    @ParentCommand
    MainCommand main;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try (RecordedTcmbServer tcmb = RecordedTcmbServer.start(0)) {
            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("ALIAPORT_TCMB_URL", tcmb.baseUri().toString());
            // Without configured tokens the report API would refuse everyone: the demo makes one of its own.
            Optional<String> demoToken = main.cli.config().http().usersByToken().isEmpty()
                    ? Optional.of("demo-" + HexFormat.of().formatHex(randomBytes(16)))
                    : Optional.empty();
            demoToken.ifPresent(t -> overrides.put("ALIAPORT_API_TOKENS", DEMO_USER + ":" + t));
            return run(tcmb, overrides, demoToken, out);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private Integer run(
            RecordedTcmbServer tcmb, Map<String, String> overrides, Optional<String> demoToken, PrintStream out) {
        try (DaemonContext ctx = DaemonContext.open(main.cli.config(overrides), main.cli.clock())) {
            out.println("Aliaport Ops demo — node " + ctx.config.nodeId() + ", state in " + ctx.config.home());
            out.println("  recorded TCMB bulletins served at " + tcmb.baseUri());
            main.features.prepareDemo(ctx, out);
            Daemon daemon = main.features.daemon(ctx);
            daemon.start();
            runEachJobOnce(ctx, tcmb, out);
            main.features.demoReports(ctx, out);
            out.println();
            String base = (ctx.config.http().tls().isPresent() ? "https://" : "http://")
                    + ctx.config.http().bind() + ":" + daemon.httpPort();
            out.println("Running. HTTP: " + base + "  (/api/scheduler/health, /metrics, /api/kurlar?tarih="
                    + tcmb.newest() + ")");
            out.println("Database: " + ctx.infra.connection().jdbcUrl() + " (the console finds it in "
                    + ctx.config.home().resolve("embedded-db.properties") + ")");
            if (demoToken.isPresent()) {
                out.println("Report API token (user " + DEMO_USER + ", this run only): " + demoToken.get());
                out.println("  curl -s -H 'Authorization: Bearer " + demoToken.get() + "' " + base + "/api/reports");
            } else {
                out.println("Report API: the tokens of ALIAPORT_API_TOKENS (" + base + "/api/reports)");
            }
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
