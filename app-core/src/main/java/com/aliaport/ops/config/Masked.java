package com.aliaport.ops.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that turns a configured value into what may be printed (log lines, error messages,
 * {@code toString}), by the {@link ConfigKeys.Kind} its key is declared with.
 */
public final class Masked {
    static final String MASK = "****";
    private static final Pattern ORIGIN = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)(?:[^/?#@]*@)?([^/?#@]*)");

    private Masked() {}

    /** {@code raw}, the value of {@code key}, as it may be printed. */
    public static String value(String key, String raw) {
        return switch (ConfigKeys.kind(key)) {
            case PLAIN -> raw;
            case SECRET -> MASK;
            case URL -> url(raw);
            case SECRET_URL -> origin(raw);
        };
    }

    /**
     * A URL with the password of {@code user:password@} (or a lone {@code secret@}) and every {@code password=} /
     * {@code sslpassword=} parameter (PgJDBC's) replaced by {@code ****}.
     */
    static String url(String raw) {
        return raw.replaceAll("//([^:/@?#]*):[^@/?#]*@", "//$1:" + MASK + "@")
                .replaceAll("//[^:/@?#]+@", "//" + MASK + "@")
                .replaceAll("(?i)([?&;](?:ssl)?password=)[^&;#]*", "$1" + MASK);
    }

    /** Scheme and host of a URL whose path or query is a credential; nothing at all when it has no scheme. */
    static String origin(String raw) {
        Matcher m = ORIGIN.matcher(raw);
        return m.find() ? m.group(1) + m.group(2) + "/" + MASK : MASK;
    }
}
