package com.aliaport.ops.daemon.testsupport;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import com.aliaport.ops.testsupport.TestPostgres;
import java.util.HashMap;
import java.util.Map;

/**
 * One real daemon process that builds {@link ReportLoad}'s reports (two worker slots, no diagnostic jobs) through a
 * Redis the test names, on a database of its own; closing it stops the daemon and drops the database.
 */
public final class ReportingDaemon implements AutoCloseable {
    private final ConnectionSettings settings;
    private final Database db;
    private final DaemonNode node;

    private ReportingDaemon(ConnectionSettings settings, Database db, DaemonNode node) {
        this.settings = settings;
        this.db = db;
        this.node = node;
    }

    public static ReportingDaemon start(ReportLoad load, String redisUrl, String nodeId) {
        ConnectionSettings settings = TestPostgres.newDatabase();
        Database db = Database.connect(settings, "test", 2);
        Map<String, String> env = new HashMap<>(load.daemonEnvironment());
        env.put("ALIAPORT_REDIS_URL", redisUrl);
        env.put("ALIAPORT_WORKERS", "2");
        env.put("ALIAPORT_DIAGNOSTIC_JOBS", "false");
        try {
            return new ReportingDaemon(settings, db, DaemonNode.start(settings, nodeId, env));
        } catch (RuntimeException e) {
            db.close();
            TestPostgres.drop(settings);
            throw e;
        }
    }

    public DaemonNode node() {
        return node;
    }

    public Database db() {
        return db;
    }

    @Override
    public void close() {
        node.close();
        db.close();
        TestPostgres.drop(settings);
    }
}
