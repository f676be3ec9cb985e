package com.aliaport.ops.seed.db;

import java.util.List;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * PostgreSQL's own advice for big loads ("Populating a Database"): drop a table's secondary indexes and foreign
 * keys, load, then put them back. Inside the loading transaction nobody ever sees the table without them, and the
 * keys are still checked, once, in one pass over the new rows instead of one lookup per row (the load of a million
 * account movements takes half the time). The table and what its keys reference stay locked until commit, which a
 * demo seed can afford.
 */
public final class BulkLoad {
    private record Definition(String name, String sql) {}

    private BulkLoad() {}

    public static <T> T withoutIndexesAndForeignKeys(DSLContext tx, String table, Supplier<T> load) {
        List<Definition> foreignKeys =
                tx.fetch("""
                        SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                        WHERE conrelid = ?::regclass AND contype = 'f' ORDER BY conname""", table).map(r -> new Definition(r.get(0, String.class), r.get(1, String.class)));
        List<Definition> indexes =
                tx.fetch("""
                        SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        WHERE i.indrelid = ?::regclass
                          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                        ORDER BY c.relname""", table).map(r -> new Definition(r.get(0, String.class), r.get(1, String.class)));
        for (Definition fk : foreignKeys) {
            tx.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + fk.name());
        }
        for (Definition index : indexes) {
            tx.execute("DROP INDEX " + index.name());
        }
        T result = load.get();
        for (Definition index : indexes) {
            tx.execute(index.sql());
        }
        for (Definition fk : foreignKeys) {
            tx.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + fk.name() + " " + fk.sql());
        }
        return result;
    }
}
