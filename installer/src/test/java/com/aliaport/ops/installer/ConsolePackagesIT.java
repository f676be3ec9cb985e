package com.aliaport.ops.installer;

import static com.aliaport.ops.installer.Shell.requireTool;
import static com.aliaport.ops.installer.Shell.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's jpackage outputs; built only with -Pconsole-package, hence checked only when present. */
class ConsolePackagesIT {
    static final Path TARGET = DaemonPackagesIT.TARGET;
    static final Path APP = TARGET.resolve("console/aliaport-console");
    static final String APP_VERSION = DaemonPackagesIT.VERSION.replaceFirst("-.*", "");
    static final Path DEB = TARGET.resolve("aliaport-console_" + APP_VERSION + "_amd64.deb");

    @TempDir
    Path tmp;

    @Test
    void the_app_image_starts_without_a_display() throws Exception {
        assertThat(APP).as("built by -Pconsole-package").isDirectory();
        assertThat(APP.resolve("lib/runtime/lib/modules")).as("its own runtime").isRegularFile();
        Path log = tmp.resolve("console.log");
        ProcessBuilder pb = new ProcessBuilder(
                        APP.resolve("bin/aliaport-console").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Dglass.platform=Headless -Dprism.order=sw");
        pb.environment().put("HOME", tmp.toString());
        Process console = pb.start();
        // A window keeps running: alive after a while, or a clean exit, both without an error.
        boolean exited = console.waitFor(20, TimeUnit.SECONDS);
        if (!exited) {
            console.destroy();
            console.waitFor(10, TimeUnit.SECONDS);
        } else {
            assertThat(console.exitValue()).as(Files.readString(log)).isZero();
        }
        assertThat(Files.readString(log)).doesNotContain("Exception", "Error:");
    }

    @Test
    void the_deb_has_a_desktop_entry_an_icon_and_the_font_libraries() {
        assertThat(DEB).as("built by -Pconsole-package").isRegularFile();
        requireTool("dpkg-deb");
        assertThat(run(tmp, "dpkg-deb", "-f", DEB.toString(), "Depends").ok().output())
                .contains("libfontconfig1", "libfreetype6", "libpango-1.0-0");
        assertThat(run(tmp, "dpkg-deb", "-c", DEB.toString()).ok().output())
                .contains(
                        "opt/aliaport-console/bin/aliaport-console",
                        "opt/aliaport-console/lib/aliaport-console.png",
                        ".desktop");
    }
}
