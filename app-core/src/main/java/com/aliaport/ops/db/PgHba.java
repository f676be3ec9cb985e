package com.aliaport.ops.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The embedded server's {@code pg_hba.conf}: a password for every connection, or (once, to set it) none. */
final class PgHba {
    static final String METHOD = "scram-sha-256";
    private static final String MARK = "# aliaport: passwords required";

    private PgHba() {}

    /** Whether this data folder's server already requires passwords (written by {@link #write} with true). */
    static boolean requiresPasswords(Path data) {
        try {
            Path hba = data.resolve("pg_hba.conf");
            return Files.exists(hba) && Files.readString(hba).contains(MARK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code requirePasswords}: local and loopback connections need the password. Otherwise loopback connections
     * are taken without one, for the one start that sets the superuser's password on a data folder from before.
     */
    static void write(Path data, boolean requirePasswords) {
        String method = requirePasswords ? METHOD : "trust";
        String text = (requirePasswords ? MARK : "# aliaport: setting the superuser password, loopback only") + "\n"
                + "# TYPE  DATABASE  USER  ADDRESS       METHOD\n"
                + "local   all       all                 " + METHOD + "\n"
                + "host    all       all   127.0.0.1/32  " + method + "\n"
                + "host    all       all   ::1/128       " + method + "\n";
        try {
            Files.writeString(data.resolve("pg_hba.conf"), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + data.resolve("pg_hba.conf") + ": " + e.getMessage(), e);
        }
    }
}
