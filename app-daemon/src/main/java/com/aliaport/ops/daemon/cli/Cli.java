package com.aliaport.ops.daemon.cli;

import com.aliaport.ops.config.AppConfig;
import com.aliaport.ops.config.ConfigSource;
import java.time.Clock;
import java.util.Map;

/** What every command shares: the configuration, read once, and the clock. */
public final class Cli {
    private final Map<String, String> environment;

    public Cli(Map<String, String> environment) {
        this.environment = environment;
    }

    public AppConfig config() {
        return AppConfig.load(ConfigSource.fromEnvironment(environment));
    }

    public Clock clock() {
        return Clock.systemUTC();
    }
}
