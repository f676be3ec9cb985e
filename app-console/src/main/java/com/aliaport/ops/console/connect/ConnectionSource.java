package com.aliaport.ops.console.connect;

import com.aliaport.ops.config.Secret;
import com.aliaport.ops.db.ConnectionSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the console's connection comes from, in order: the {@code ALIAPORT_DB_*} variables (connect at once,
 * like psql), the file a running embedded daemon leaves in {@code $ALIAPORT_HOME} (offered), else the sign-in
 * dialog.
 */
public record ConnectionSource(Kind kind, Optional<ConnectionSettings> settings) {
    public enum Kind {
        ENVIRONMENT,
        EMBEDDED_DAEMON,
        ASK
    }

    public static ConnectionSource from(Map<String, String> env, Path userHome) {
        String url = env.get("ALIAPORT_DB_URL");
        if (url != null && !url.isBlank()) {
            return new ConnectionSource(
                    Kind.ENVIRONMENT,
                    Optional.of(new ConnectionSettings(
                            url,
                            env.getOrDefault("ALIAPORT_DB_USER", System.getProperty("user.name")),
                            Optional.ofNullable(env.get("ALIAPORT_DB_PASSWORD"))
                                    .filter(p -> !p.isEmpty())
                                    .map(Secret::new))));
        }
        Path home = Optional.ofNullable(env.get("ALIAPORT_HOME"))
                .filter(h -> !h.isBlank())
                .map(Path::of)
                .orElse(userHome.resolve(".aliaport"));
        Optional<ConnectionSettings> embedded = ConnectionSettings.readFrom(home.resolve(ConnectionSettings.FILE_NAME));
        if (embedded.isPresent()) {
            return new ConnectionSource(Kind.EMBEDDED_DAEMON, embedded);
        }
        return new ConnectionSource(Kind.ASK, Optional.empty());
    }
}
