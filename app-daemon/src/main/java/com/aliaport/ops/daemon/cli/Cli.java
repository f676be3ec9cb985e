package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.ConfigSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** What every command shares: the configuration, read once, and the clock. */
public final class Cli {
    private final Map<String, String> environment;

    public Cli(Map<String, String> environment) {
        this.environment = environment;
    }

    public AppConfig config() {
        return AppConfig.load(ConfigSource.fromEnvironment(environment));
    }

    /** The configuration with some values set by the command itself (the demo's local TCMB, say). */
    public AppConfig config(Map<String, String> overrides) {
        ConfigSource source = ConfigSource.fromEnvironment(environment);
        for (var e : overrides.entrySet()) {
            source = source.with(e.getKey(), e.getValue());
        }
        return AppConfig.load(source);
    }

    /** The KEY=VALUE file named by ALIAPORT_CONFIG, if any. */
    public Optional<Path> configFile() {
        return Optional.ofNullable(environment.get(ConfigSource.CONFIG_FILE))
                .filter(f -> !f.isBlank())
                .map(Path::of);
    }

    public Clock clock() {
        return Clock.systemUTC();
    }
}
