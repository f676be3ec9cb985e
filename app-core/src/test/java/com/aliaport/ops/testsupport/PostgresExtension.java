package com.aliaport.ops.testsupport;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh, migrated database on a real PostgreSQL ({@link TestPostgres}) and drops it after.
 * Test methods take a {@link Database} or {@link ConnectionSettings} parameter.
 */
public final class PostgresExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        ConnectionSettings settings = TestPostgres.newDatabase();
        context.getStore(NS).put("settings", settings);
        context.getStore(NS).put("database", Database.connect(settings, "test", 8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Database db = context.getStore(NS).remove("database", Database.class);
        if (db != null) {
            db.close();
        }
        ConnectionSettings settings = context.getStore(NS).remove("settings", ConnectionSettings.class);
        if (settings != null) {
            TestPostgres.drop(settings);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == Database.class || type == ConnectionSettings.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == Database.class
                ? e.getStore(NS).get("database", Database.class)
                : e.getStore(NS).get("settings", ConnectionSettings.class);
    }
}
