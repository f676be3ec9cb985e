package com.aliaport.ops.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Typed reads of a {@link ConfigSource}; every failure is a one-line {@link ConfigException} naming the key. */
final class ConfigValues {
    private final ConfigSource source;

    ConfigValues(ConfigSource source) {
        this.source = source;
    }

    Optional<String> string(String key) {
        return source.get(key);
    }

    String string(String key, String fallback) {
        return source.get(key).orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + raw.get() + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigException(key + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    Duration seconds(String key, Duration fallback, long minSeconds, long maxSeconds) {
        return Duration.ofSeconds(integer(key, (int) fallback.toSeconds(), (int) minSeconds, (int) maxSeconds));
    }

    boolean bool(String key, boolean fallback) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(key + ": '" + raw.get() + "' is not true or false");
        };
    }

    Optional<URI> uri(String key, String... schemes) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(raw.get());
        } catch (URISyntaxException e) {
            throw new ConfigException(key + ": '" + redact(raw.get()) + "' is not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || (schemes.length > 0 && !matches(uri.getScheme(), schemes))) {
            throw new ConfigException(
                    key + ": '" + redact(raw.get()) + "' must start with " + String.join(", ", schemes) + "://");
        }
        if (uri.getHost() == null) {
            throw new ConfigException(key + ": '" + redact(raw.get()) + "' has no host");
        }
        return Optional.of(uri);
    }

    Optional<Path> path(String key) {
        return source.get(key).map(Path::of);
    }

    Optional<Secret> secret(String key) {
        return source.get(key).map(Secret::new);
    }

    private static boolean matches(String scheme, String[] schemes) {
        for (String s : schemes) {
            if (s.equalsIgnoreCase(scheme)) {
                return true;
            }
        }
        return false;
    }

    /** Hides a password in a URL so that an error message never shows it. */
    /**
     * A URL as it may be printed: the password of {@code user:password@} (or a lone {@code secret@}) and every
     * {@code password=} / {@code sslpassword=} parameter (PgJDBC's) replaced by {@code ****}.
     */
    static String redact(String raw) {
        return raw.replaceAll("//([^:/@?#]*):[^@/?#]*@", "//$1:****@")
                .replaceAll("//[^:/@?#]+@", "//****@")
                .replaceAll("(?i)([?&;](?:ssl)?password=)[^&;#]*", "$1****");
    }

    /** A URL whose secret may be its path or query (a Slack webhook's is): only the scheme and host print. */
    static String originOnly(java.net.URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/****";
    }
}
