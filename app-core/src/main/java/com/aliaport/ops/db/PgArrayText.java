package com.aliaport.ops.db;

import java.time.Instant;

/**
 * An array in PostgreSQL's text form ({@code {a,b,NULL}}), bound as one untyped parameter that the statement's cast
 * (or the column it is compared with) reads as the array it needs. Written here rather than by PgJDBC's
 * {@code createArrayOf}: its encoders are a large tree of code that the JIT compiles again whenever a statement
 * binds arrays of another shape (one id instead of a batch), and on two cores those compilations ran among the
 * report queue's single round trips (issue 17: 0.38 of the 0.61 s compiled while 300 trips ran).
 */
public final class PgArrayText {
    private PgArrayText() {}

    /**
     * The text form of {@code values}: each element's {@code toString()} (an instant's {@link PgTimestampText}),
     * double-quoted with {@code "} and {@code \} escaped (so any text, including commas, braces, blanks and the word
     * NULL, comes back as it was); a null element as NULL.
     */
    public static String of(Object[] values) {
        StringBuilder out = new StringBuilder(2 + values.length * 40).append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = values[i];
            if (v == null) {
                out.append("NULL");
            } else {
                quoted(out, v instanceof Instant instant ? PgTimestampText.of(instant) : v.toString());
            }
        }
        return out.append('}').toString();
    }

    private static void quoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
