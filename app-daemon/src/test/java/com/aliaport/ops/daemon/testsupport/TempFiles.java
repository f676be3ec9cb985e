package com.aliaport.ops.daemon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Files and folders the test support makes in the temp folder, removed once used. */
final class TempFiles {
    private TempFiles() {}

    /** Removes a file or folder (and all in it); one left behind is harmless, so failures are ignored. */
    static void removeQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // left behind in the temp folder; nothing depends on it
        }
    }
}
