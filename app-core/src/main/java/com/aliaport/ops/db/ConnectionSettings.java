package com.aliaport.ops.db;

import com.aliaport.ops.config.Secret;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/** Where a PostgreSQL is and how to log in; also the file through which the console finds the embedded one. */
public record ConnectionSettings(String jdbcUrl, String user, Optional<Secret> password) {
    public static final String FILE_NAME = "embedded-db.properties";

    public void writeTo(Path file) {
        Properties p = new Properties();
        p.setProperty("url", jdbcUrl);
        p.setProperty("user", user);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "Aliaport embedded PostgreSQL of a running daemon; read by the console");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
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
        return Optional.of(new ConnectionSettings(p.getProperty("url"), p.getProperty("user"), Optional.empty()));
    }
}
