package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.ConfigSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every command shares: the configuration, read once, and the clock. */
public final class Cli {
    private static final Logger log = LoggerFactory.getLogger(Cli.class);
    private final Map<String, String> environment;

    public Cli(Map<String, String> environment) {
        this.environment = environment;
    }

    public AppConfig config() {
        return load(ConfigSource.fromEnvironment(environment));
    }

    /** The configuration with some values set by the command itself (the demo's local TCMB, say). */
    public AppConfig config(Map<String, String> overrides) {
        ConfigSource source = ConfigSource.fromEnvironment(environment);
        for (var e : overrides.entrySet()) {
            source = source.with(e.getKey(), e.getValue());
        }
        return load(source);
    }

    /** A misspelt variable is otherwise silently ignored: each unknown key is named before the config is used. */
    private static AppConfig load(ConfigSource source) {
        source.warnings().forEach(log::warn);
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
