package com.aliaport.ops.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The raw {@code ALIAPORT_*} values: those of an optional {@code KEY=VALUE} file named by
 * {@code ALIAPORT_CONFIG}, overridden by the environment. Read once, then turned into {@link AppConfig}.
 */
public final class ConfigSource {
    public static final String CONFIG_FILE = "ALIAPORT_CONFIG";

    private final Map<String, String> values;
    private final List<String> warnings;
    /** The keys asked for, so that a test can prove {@link ConfigKeys} lists exactly what AppConfig reads. */
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    private ConfigSource(Map<String, String> values, List<String> warnings) {
        this.values = Map.copyOf(values);
        this.warnings = List.copyOf(warnings);
    }

    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(values, List.of());
    }

    /** The environment, on top of the file it names (if any). */
    public static ConfigSource fromEnvironment(Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        String file = environment.get(CONFIG_FILE);
        if (file != null && !file.isBlank()) {
            Map<String, String> fromFile = readFile(Path.of(file));
            warnings.addAll(ConfigKeys.unknown(fromFile.keySet(), file));
            merged.putAll(fromFile);
        }
        warnings.addAll(ConfigKeys.unknown(environment.keySet(), "the environment"));
        environment.forEach((k, v) -> {
            if (k.startsWith("ALIAPORT_")) {
                merged.put(k, v);
            }
        });
        return new ConfigSource(merged, warnings);
    }

    /** What the daemon should say at start about these values: each unknown {@code ALIAPORT_*} key, say. */
    public List<String> warnings() {
        return warnings;
    }

    static Map<String, String> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(CONFIG_FILE + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(CONFIG_FILE + ": line " + (i + 1) + " of " + file + " is not KEY=VALUE");
            }
            values.put(
                    line.substring(0, eq).strip(),
                    unquote(line.substring(eq + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && ((value.startsWith("\"") && value.endsWith("\""))
                        || (value.startsWith("'") && value.endsWith("'")))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** The value, or empty when unset or blank. */
    public Optional<String> get(String key) {
        asked.add(key);
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    Set<String> asked() {
        return Set.copyOf(asked);
    }

    public ConfigSource with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new ConfigSource(copy, warnings);
    }
}
