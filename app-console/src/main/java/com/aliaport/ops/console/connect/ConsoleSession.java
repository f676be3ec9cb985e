package com.aliaport.ops.console.connect;

import com.aliaport.ops.db.ConnectionSettings;
import com.aliaport.ops.db.Database;
import org.jooq.DSLContext;
import org.jooq.Record2;

/** An open connection of the console: its pool, who signed in and in which role. */
public final class ConsoleSession implements AutoCloseable {
    private final ConnectionSettings settings;
    private final Database database;
    private final String user;
    private final Role role;

    private ConsoleSession(ConnectionSettings settings, Database database, String user, Role role) {
        this.settings = settings;
        this.database = database;
        this.user = user;
        this.role = role;
    }

    /** Connects and reads the login's role; throws with the driver's reason when it cannot. */
    public static ConsoleSession open(ConnectionSettings settings) {
        Database db = Database.connect(settings, "aliaport-console", 4);
        try {
            Record2<String, Boolean> who = db.dsl()
                    .resultQuery("SELECT session_user::text, rolsuper FROM pg_roles WHERE rolname = session_user")
                    .coerce(org.jooq.impl.DSL.field("u", String.class), org.jooq.impl.DSL.field("s", Boolean.class))
                    .fetchOne();
            String user = who.value1();
            Role role = Boolean.TRUE.equals(who.value2()) ? Role.ADMIN : roleOf(db.dsl());
            return new ConsoleSession(settings, db, user, role);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The highest of the group roles the session's user belongs to (directly or through another role). */
    static Role roleOf(DSLContext dsl) {
        for (Role r : new Role[] {Role.ADMIN, Role.OPERATOR, Role.VIEWER}) {
            Boolean member = dsl.resultQuery(
                            "SELECT pg_has_role(session_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = {0}",
                            "aliaport_" + r.name().toLowerCase(java.util.Locale.ROOT))
                    .fetchOptional(0, Boolean.class)
                    .orElse(false);
            if (member) {
                return r;
            }
        }
        return Role.NONE;
    }

    /** Whether an error means the database could not be reached (the banner's business, not a dialog's). */
    public static boolean isConnectionLoss(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLTransientConnectionException
                    || c instanceof java.net.ConnectException
                    || (c instanceof java.sql.SQLException s
                            && s.getSQLState() != null
                            && (s.getSQLState().startsWith("08")
                                    // the server ended the session: a restart, a failover, an administrator
                                    || s.getSQLState().startsWith("57P")))) {
                return true;
            }
        }
        return false;
    }

    public DSLContext dsl() {
        return database.dsl();
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public String user() {
        return user;
    }

    public Role role() {
        return role;
    }

    /** server/database as shown in the title bar. */
    public String where() {
        String url = settings.jdbcUrl();
        return url.startsWith("jdbc:postgresql://") ? url.substring("jdbc:postgresql://".length()) : url;
    }

    @Override
    public void close() {
        database.close();
    }
}
