package com.aliaport.ops.auditlog.db;

import org.jooq.DSLContext;

/** The one-value read of plain SQL that jOOQ spells as fetchOne plus get. */
final class Sql {
    private Sql() {}

    static <T> T value(DSLContext dsl, Class<T> type, String sql, Object... bindings) {
        return dsl.fetchOne(sql, bindings).get(0, type);
    }
}
