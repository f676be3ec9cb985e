package com.aliaport.ops.console;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the console in a second JVM that keeps its loaded classes in a class-data-sharing archive under the
 * user's cache directory ({@code -XX:+AutoCreateSharedArchive}): the first start writes it on exit, every later
 * start maps the console's ~5,800 classes instead of reading and verifying them from the jar, which halves the
 * time to the first picture (docs/benchmarks.md, "Console"). The JVM refuses to start when the archive's folder
 * is missing or not writable, so this class checks that first and otherwise lets the console run in-process;
 * {@code ALIAPORT_CONSOLE_CLASS_CACHE=off} does the same.
 */
final class ClassCache {
    static final String CHILD = "aliaport.console.child";
    static final String STARTED_AT = "aliaport.console.startedAt";

    private ClassCache() {}

    /** The command of the caching JVM, when this process is a plain JVM started from the jar and may cache. */
    static Optional<List<String>> command(Map<String, String> env, String[] args) {
        if (System.getProperty(CHILD) != null || "off".equalsIgnoreCase(env.get("ALIAPORT_CONSOLE_CLASS_CACHE"))) {
            return Optional.empty();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Optional<Path> jar = jar();
        Optional<Path> archive = jar.flatMap(j -> archive(env, j));
        if (!Files.isExecutable(java) || archive.isEmpty()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        cmd.addAll(given);
        // A desktop application's memory, as the packaged launcher sets it (installer/src/build/console-packages.sh),
        // unless given.
        if (given.stream().noneMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAM"))) {
            cmd.add("-Xmx256m");
        }
        if (given.stream().noneMatch(a -> a.matches("-XX:\\+Use\\w+GC"))) {
            cmd.add("-XX:+UseSerialGC");
        }
        if (given.stream().noneMatch(a -> a.startsWith("--enable-native-access"))) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (given.stream().noneMatch(a -> a.startsWith("-Xlog"))) {
            // The JDK's own base archive was written without --enable-native-access: the JVM says so on every
            // start ("[error][cds] … Disabling optimized module handling") and carries on with both archives.
            cmd.add("-Xlog:cds=off,aot=off");
        }
        cmd.add("-XX:SharedArchiveFile=" + archive.get());
        cmd.add("-XX:+AutoCreateSharedArchive");
        cmd.add("-D" + CHILD + "=true");
        cmd.add("-D" + STARTED_AT + "=" + startedAt());
        cmd.add("-cp");
        cmd.add(jar.get().toString());
        cmd.add(ConsoleMain.class.getName());
        cmd.addAll(List.of(args));
        return Optional.of(cmd);
    }

    /** Runs the console in the caching JVM and returns its exit code; a Ctrl-C or kill of this one ends it too. */
    static int run(List<String> command) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).inheritIO().start();
        Thread stop = new Thread(child::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        int code = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return code;
    }

    /** Epoch milliseconds when the first process of this console started (the start-up benchmark's origin). */
    static long startedAt() {
        String inherited = System.getProperty(STARTED_AT);
        if (inherited != null) {
            return Long.parseLong(inherited);
        }
        return ProcessHandle.current()
                .info()
                .startInstant()
                .map(java.time.Instant::toEpochMilli)
                .orElse(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    private static Optional<Path> jar() {
        try {
            Path p = Path.of(ConsoleMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return p.toString().endsWith(".jar") && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** One archive per jar build and JVM, in a folder this user can write: else none. */
    private static Optional<Path> archive(Map<String, String> env, Path jar) {
        try {
            String cacheHome = env.get("XDG_CACHE_HOME");
            Path base = cacheHome != null && !cacheHome.isBlank()
                    ? Path.of(cacheHome)
                    : Path.of(System.getProperty("user.home"), ".cache");
            Path dir = Files.createDirectories(base.resolve("aliaport"));
            if (!Files.isWritable(dir)) {
                return Optional.empty();
            }
            String key = Integer.toHexString((jar.toAbsolutePath() + ":" + Files.size(jar) + ":"
                            + Files.getLastModifiedTime(jar).toMillis())
                    .hashCode());
            return Optional.of(dir.resolve("console-" + Runtime.version().feature() + "-" + key + ".jsa"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
