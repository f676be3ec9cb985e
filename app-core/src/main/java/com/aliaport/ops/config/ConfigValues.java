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

    /** Every read passes here: a key missing from {@link ConfigKeys} fails at once, in every test. */
    private Optional<String> raw(String key) {
        ConfigKeys.kind(key);
        return source.get(key);
    }

    Optional<String> string(String key) {
        return raw(key);
    }

    String string(String key, String fallback) {
        return raw(key).orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": '" + Masked.value(key, raw.get()) + "' is not a whole number");
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
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(key + ": '" + Masked.value(key, raw.get()) + "' is not true or false");
        };
    }

    Optional<URI> uri(String key, String... schemes) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(raw.get());
        } catch (URISyntaxException e) {
            throw new ConfigException(
                    key + ": '" + Masked.value(key, raw.get()) + "' is not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || (schemes.length > 0 && !matches(uri.getScheme(), schemes))) {
            throw new ConfigException(key + ": '" + Masked.value(key, raw.get()) + "' must start with "
                    + String.join(", ", schemes) + "://");
        }
        if (uri.getHost() == null) {
            throw new ConfigException(key + ": '" + Masked.value(key, raw.get()) + "' has no host");
        }
        return Optional.of(uri);
    }

    Optional<Path> path(String key) {
        return raw(key).map(Path::of);
    }

    Optional<Secret> secret(String key) {
        return raw(key).map(Secret::new);
    }

    private static boolean matches(String scheme, String[] schemes) {
        for (String s : schemes) {
            if (s.equalsIgnoreCase(scheme)) {
                return true;
            }
        }
        return false;
    }
}
