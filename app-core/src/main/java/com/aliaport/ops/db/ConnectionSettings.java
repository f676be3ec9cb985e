package com.aliaport.ops.db;

import com.aliaport.ops.common.OwnerOnlyFile;
import com.aliaport.ops.config.Secret;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** Where a PostgreSQL is and how to log in; also the file through which the console finds the embedded one. */
public record ConnectionSettings(String jdbcUrl, String user, Optional<Secret> password) {
    public static final String FILE_NAME = "embedded-db.properties";

    /**
     * Writes the settings, password included, for the console and the CLI to find: owner-only (0600), as it
     * holds the embedded server's superuser password.
     */
    public void writeTo(Path file) {
        Properties p = new Properties();
        p.setProperty("url", jdbcUrl);
        p.setProperty("user", user);
        password.ifPresent(pw -> p.setProperty("password", pw.value()));
        StringWriter text = new StringWriter();
        try {
            p.store(text, "Aliaport embedded PostgreSQL of a running daemon; read by the console");
            OwnerOnlyFile.write(file, text.toString());
        } catch (IOException | UncheckedIOException e) {
            throw new DatabaseException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static Optional<ConnectionSettings> readFrom(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new DatabaseException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(new ConnectionSettings(
                p.getProperty("url"),
                p.getProperty("user"),
                Optional.ofNullable(p.getProperty("password"))
                        .filter(pw -> !pw.isEmpty())
                        .map(Secret::new)));
    }
}
