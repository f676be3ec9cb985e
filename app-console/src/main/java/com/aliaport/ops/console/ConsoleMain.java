package com.aliaport.ops.console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;

/**
 * Starts the console. A plain main (not an Application subclass) so that JavaFX on the class path of the
 * shaded jar starts. {@code --screenshots DIR} writes a picture of each screen (both languages, both themes)
 * and exits.
 */
public final class ConsoleMain {
    private ConsoleMain() {}

    public static void main(String[] args) {
        Optional<Path> screenshots = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--screenshots" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("--screenshots needs a directory");
                        System.exit(2);
                    }
                    screenshots = Optional.of(Path.of(args[++i]));
                }
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar aliaport-console.jar [--screenshots DIR]");
                    System.out.println("  connects with ALIAPORT_DB_URL/_USER/_PASSWORD, else the embedded daemon's");
                    System.out.println("  $ALIAPORT_HOME/embedded-db.properties, else asks.");
                    return;
                }
                default -> {
                    System.err.println("unknown option: " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        Optional<List<String>> cached = ClassCache.command(System.getenv(), args);
        if (cached.isPresent()) {
            try {
                System.exit(ClassCache.run(cached.get()));
            } catch (IOException e) {
                System.err.println("cannot start the console's class cache, starting without: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                System.exit(130);
            }
        }
        ConsoleApp.launch =
                new ConsoleApp.Launch(System.getenv(), Path.of(System.getProperty("user.home")), screenshots);
        ConsoleApp.launch.early();
        Application.launch(ConsoleApp.class);
    }
}
