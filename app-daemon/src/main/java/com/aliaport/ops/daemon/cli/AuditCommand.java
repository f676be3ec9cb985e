package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.daemon.DaemonContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", description = "Audit-log administration.", subcommands = AuditCommand.MigratePartitions.class)
public final class AuditCommand {
    @ParentCommand
    MainCommand main;

    @Command(
            name = "migrate-partitions",
            description = "Move audit_events online to monthly partitions (then set ALIAPORT_AUDIT_MODE=partitioned).")
    static final class MigratePartitions implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Override
        public Integer call() {
            try (DaemonContext ctx = DaemonContext.open(audit.main.cli.config(), audit.main.cli.clock())) {
                System.out.println(ctx.auditPartitioning.migrateToPartitioned().message());
            }
            return 0;
        }
    }
}
