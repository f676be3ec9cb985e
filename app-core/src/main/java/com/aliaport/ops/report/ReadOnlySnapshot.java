package com.aliaport.ops.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jooq.DSLContext;

/**
 * Runs a report's reads in one read-only, repeatable-read transaction: the count, the opening balance and the
 * rows all see the same snapshot, and the cursor ({@code fetchSize}) works only inside a transaction.
 */
public final class ReadOnlySnapshot {
    @FunctionalInterface
    public interface Body<T> {
        T run(DSLContext tx) throws IOException;
    }

    private ReadOnlySnapshot() {}

    public static <T> T call(DSLContext dsl, Body<T> body) throws IOException {
        try {
            return dsl.transactionResult(configuration -> {
                DSLContext tx = configuration.dsl();
                tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                try {
                    return body.run(tx);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
