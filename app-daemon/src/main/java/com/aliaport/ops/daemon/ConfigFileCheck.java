package com.aliaport.ops.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration file holds passwords: at start the daemon says so when others may read it or more than
 * its owner may change it (the packages install it 0640 root:aliaport).
 */
public final class ConfigFileCheck {
    private static final Logger log = LoggerFactory.getLogger(ConfigFileCheck.class);
    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_WRITE);

    private ConfigFileCheck() {}

    /** The warning about {@code file}, if any (none where the file system has no POSIX permissions). */
    public static Optional<String> problem(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(permissions);
        open.retainAll(TOO_OPEN);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the configuration " + file + " is " + PosixFilePermissions.toString(permissions)
                + ": it holds passwords, make it 0640 (chmod 0640 " + file + ")");
    }

    public static void warn(Optional<Path> file) {
        file.flatMap(ConfigFileCheck::problem).ifPresent(log::warn);
    }
}
