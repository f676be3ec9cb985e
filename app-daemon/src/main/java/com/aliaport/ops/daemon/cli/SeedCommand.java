package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.daemon.DaemonContext;
import com.aliaport.ops.seed.DemoDataSeeder;
import com.aliaport.ops.seed.SeedReport;
import com.aliaport.ops.seed.SeedScale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "seed", description = "Fill the domain tables with realistic demo data (deterministic for a seed).")
public final class SeedCommand implements Callable<Integer> {
    @ParentCommand
    MainCommand main;

    @Spec
    CommandSpec spec;

    @Option(names = "--scale", defaultValue = "small", description = "small (seconds) or large (1,000,000 movements).")
    String scale;

    @Option(names = "--movements", description = "Account movements, overriding the scale.")
    Integer movements;

    @Option(names = "--customers", description = "Customers (cari hesaplar), overriding the scale.")
    Integer customers;

    @Option(names = "--audit-events", description = "Audit events over the last 200 days, overriding the scale.")
    Integer auditEvents;

    @Option(names = "--seed", description = "Random seed (same seed, same data).")
    Long seed;

    @Option(
            names = "--replace",
            description = "Empty the domain tables first (otherwise existing data is kept and nothing is added).")
    boolean replace;

    @Override
    public Integer call() {
        SeedScale chosen;
        try {
            chosen = SeedScale.named(scale);
            if (movements != null) {
                chosen = chosen.withMovements(movements);
            }
            if (customers != null) {
                chosen = chosen.withCustomers(customers);
            }
            if (auditEvents != null) {
                chosen = chosen.withAuditEvents(auditEvents);
            }
            if (seed != null) {
                chosen = chosen.withSeed(seed);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (DaemonContext ctx = DaemonContext.open(main.cli.config(), main.cli.clock())) {
            DemoDataSeeder seeder = new DemoDataSeeder(ctx.infra.database().dsl(), ctx.clock);
            SeedReport report = replace ? seeder.replace(chosen) : seeder.seed(chosen);
            System.out.println(report.summary());
        }
        return 0;
    }
}
