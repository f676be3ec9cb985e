package com.aliaport.ops.console.connect;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Saved sign-in profiles (server, port, database, user; never the password) in the user's home. */
public final class ProfileStore {
    public record Profile(String name, String host, int port, String database, String user) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    private final Path file;

    public ProfileStore(Path file) {
        this.file = file;
    }

    public static ProfileStore inHome(Path userHome) {
        return new ProfileStore(userHome.resolve(".aliaport").resolve("console-profiles.properties"));
    }

    public List<Profile> all() {
        Properties p = read();
        List<Profile> profiles = new ArrayList<>();
        for (String key : p.stringPropertyNames().stream().sorted().toList()) {
            if (key.endsWith(".host")) {
                String name = key.substring(0, key.length() - ".host".length());
                profiles.add(new Profile(
                        name,
                        p.getProperty(name + ".host"),
                        Integer.parseInt(p.getProperty(name + ".port", "5432")),
                        p.getProperty(name + ".database", "aliaport"),
                        p.getProperty(name + ".user", "")));
            }
        }
        return profiles;
    }

    public void save(Profile profile) {
        Properties p = read();
        p.setProperty(profile.name() + ".host", profile.host());
        p.setProperty(profile.name() + ".port", Integer.toString(profile.port()));
        p.setProperty(profile.name() + ".database", profile.database());
        p.setProperty(profile.name() + ".user", profile.user());
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "Aliaport console sign-in profiles (no passwords)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save profiles to " + file, e);
        }
    }

    private Properties read() {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read profiles from " + file, e);
            }
        }
        return p;
    }
}
