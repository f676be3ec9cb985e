package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.daemon.Infrastructure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "migrate", description = "Apply the database migrations (a second run does nothing).")
public final class MigrateCommand implements Callable<Integer> {
    @ParentCommand
    MainCommand main;

    @Override
    public Integer call() {
        // Infrastructure.open migrates; report the resulting version.
        try (Infrastructure infra = Infrastructure.open(main.cli.config(), "aliaport-migrate", 2)) {
            String version = infra.database()
                    .dsl()
                    .fetchValue("SELECT max(version::int) FROM flyway_schema_history WHERE success", Integer.class)
                    .toString();
            System.out.println("schema at version " + version);
        }
        return 0;
    }
}
