package com.aliaport.ops.auditlog;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.TestJobContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;

/**
 * An archive run in a process of its own, for the test that kills it: {@code <jdbc url> <user> <batch size> <mode>}.
 * Prints "moving" before the run and "done" after.
 */
public final class ArchiveProcessMain {
    public static void main(String[] args) {
        ConnectionSettings settings = new ConnectionSettings(args[0], args[1], Optional.empty());
        AuditArchiveSettings archive = AuditArchiveSettings.from(new AppConfig.Audit(90), AuditArchiveSettings.ISTANBUL)
                .withBatchSize(Integer.parseInt(args[2]))
                .withMode(AppConfig.Audit.Mode.valueOf(args[3]));
        try (Database db = Database.connect(settings, "audit-kill-test", 2)) {
            Clock clock = AuditArchiverIT.CLOCK;
            System.out.println("moving");
            System.out.flush();
            new AuditArchiver(db, archive, clock, new SimpleMeterRegistry())
                    .archive(TestJobContext.manual(AuditArchiveJob.JOB_ID, clock));
            System.out.println("done");
        }
    }
}
