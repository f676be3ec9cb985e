package com.aliaport.ops.installer;

import static com.aliaport.ops.installer.Shell.requireTool;
import static com.aliaport.ops.installer.Shell.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb and the tarball that {@code package} built, looked at with the tools an admin would use. */
class DaemonPackagesIT {
    static final Path TARGET = Path.of(System.getProperty("installer.target", "target"));
    static final String VERSION = System.getProperty("installer.version", "0.1.0-SNAPSHOT");
    static final String DEB_VERSION = VERSION.replace('-', '~');
    static final Path DEB = TARGET.resolve("aliaport-daemon_" + DEB_VERSION + "_amd64.deb");
    static final Path TARBALL = TARGET.resolve("aliaport-daemon-" + VERSION + ".tar.gz");
    static final String CONF = "etc/aliaport/aliaport.conf";

    @TempDir
    Path tmp;

    @Test
    void the_deb_has_a_debian_version_and_the_config_as_its_only_conffile() throws IOException {
        requireTool("dpkg-deb");
        assertThat(DEB).isRegularFile();
        assertThat(run(tmp, "dpkg-deb", "-f", DEB.toString(), "Package", "Version", "Architecture")
                        .ok()
                        .output())
                .contains("Package: aliaport-daemon", "Version: " + DEB_VERSION, "Architecture: amd64");
        assertThat(run(tmp, "dpkg-deb", "-f", DEB.toString(), "Depends").ok().output())
                .as("the runtime is bundled")
                .doesNotContain("java", "jre", "jdk");

        Path control = tmp.resolve("DEBIAN");
        run(tmp, "dpkg-deb", "-e", DEB.toString(), control.toString()).ok();
        assertThat(Files.readAllLines(control.resolve("conffiles"))).containsExactly("/" + CONF);
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("adduser --system", "dpkg-statoverride --update --add root aliaport 0640 /" + CONF)
                .doesNotContainPattern("(?m)^\\s*(systemctl|deb-systemd-invoke) (--\\S+ )*(start|restart|enable)");
        assertThat(Files.readString(control.resolve("postrm")))
                .contains("\"$1\" = \"purge\"", "rm -rf /etc/aliaport /var/lib/aliaport");
    }

    @Test
    void the_deb_installs_launcher_unit_config_and_assets_with_tight_modes() {
        requireTool("dpkg-deb");
        Map<String, String> entries = new HashMap<>();
        for (String line :
                run(tmp, "dpkg-deb", "-c", DEB.toString()).ok().output().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6) {
                String path = f[5].replaceFirst("^\\./", "");
                entries.put(path.endsWith("/") ? path.substring(0, path.length() - 1) : path, f[0] + " " + f[1]);
            }
        }
        assertThat(entries)
                .containsEntry(CONF, "-rw-r----- root/root")
                .containsEntry("lib/systemd/system/aliaport-daemon.service", "-rw-r--r-- root/root")
                .containsEntry("usr/lib/aliaport-daemon/bin/aliaport-daemon", "-rwxr-xr-x root/root")
                .containsEntry("usr/lib/aliaport-daemon/lib/runtime/bin/java", "-rwxr-xr-x root/root")
                .containsEntry("usr/bin/aliaport-daemon", "lrwxrwxrwx root/root")
                .containsKeys(
                        "usr/lib/aliaport-daemon/lib/aliaport-daemon.jar",
                        "usr/share/aliaport/monitoring/prometheus/aliaport-alerts.yml",
                        "usr/share/aliaport/monitoring/grafana/aliaport-ops-dashboard.json",
                        "usr/share/aliaport/redis/redis-aliaport.conf",
                        "usr/share/doc/aliaport-daemon/copyright",
                        "usr/share/doc/aliaport-daemon/changelog.gz",
                        "usr/share/doc/aliaport-daemon/operations.md",
                        "usr/share/man/man1/aliaport-daemon.1.gz")
                .doesNotContainKey("var/lib/aliaport");
    }

    @Test
    void lintian_reports_no_errors() {
        requireTool("lintian");
        String out =
                run(tmp, "lintian", "--tag-display-limit", "0", DEB.toString()).output();
        assertThat(out.lines().filter(l -> l.startsWith("E:"))).as(out).isEmpty();
    }

    @Test
    void the_installed_unit_passes_systemd_analyze_verify() throws IOException {
        requireTool("dpkg-deb");
        requireTool("systemd-analyze");
        Path root = tmp.resolve("root");
        run(tmp, "dpkg-deb", "-x", DEB.toString(), root.toString()).ok();
        // The targets the unit refers to, from this machine's systemd.
        Path units = root.resolve("lib/systemd/system");
        try (Stream<Path> host = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path unit : host.toList()) {
                Path to = units.resolve(unit.getFileName().toString());
                if (!Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(unit, to, java.nio.file.LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Shell.Result verify =
                run(tmp, "systemd-analyze", "verify", "--man=no", "--root=" + root, "aliaport-daemon.service");
        assertThat(verify.output()).isEmpty();
        verify.ok();

        String unit = Files.readString(units.resolve("aliaport-daemon.service"));
        assertThat(unit)
                .contains(
                        "User=aliaport",
                        "Environment=ALIAPORT_CONFIG=/" + CONF,
                        "ExecStartPre=/usr/bin/aliaport-daemon migrate",
                        "ExecStart=/usr/bin/aliaport-daemon run",
                        "Environment=\"JAVA_OPTS=-Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:Tier3DelayOn=100000\"",
                        "Restart=on-failure",
                        "KillSignal=SIGTERM",
                        "NoNewPrivileges=yes",
                        "ProtectSystem=strict",
                        "StateDirectory=aliaport",
                        "CapabilityBoundingSet=\n")
                .doesNotContainPattern("(?m)^MemoryDenyWriteExecute=");
        Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(unit);
        assertThat(stop.find()).isTrue();
        assertThat(Integer.parseInt(stop.group(1)))
                .as("above the 30 s shutdown grace")
                .isGreaterThan(30);
    }

    @Test
    void the_launchers_of_both_packages_run_the_daemon_cli() throws IOException {
        requireTool("dpkg-deb");
        Path root = tmp.resolve("root");
        run(tmp, "dpkg-deb", "-x", DEB.toString(), root.toString()).ok();
        assertThat(run(tmp, root.resolve("usr/bin/aliaport-daemon").toString(), "--help")
                        .ok()
                        .output())
                .contains("migrate", "jobs", "reports");

        Path tree = unpackTarball();
        assertThat(run(tmp, tree.resolve("bin/aliaport-daemon").toString(), "--version")
                        .ok()
                        .output())
                .contains("Aliaport Ops");
    }

    @Test
    void the_tarball_has_the_documented_layout() throws IOException {
        Path tree = unpackTarball();
        assertThat(tree.resolve("bin/aliaport-daemon")).isExecutable();
        assertThat(tree.resolve("install.sh")).isExecutable();
        assertThat(tree.resolve("lib/aliaport-daemon.jar")).isRegularFile();
        assertThat(tree.resolve("lib/runtime/bin/java")).isExecutable();
        assertThat(tree.resolve("conf/aliaport.conf.example")).isRegularFile();
        assertThat(tree.resolve("systemd/aliaport-daemon.service")).isRegularFile();
        assertThat(tree.resolve("monitoring/prometheus/aliaport-alerts.yml")).isRegularFile();
        assertThat(tree.resolve("INSTALL.md")).isRegularFile();
    }

    @Test
    void install_sh_is_idempotent_keeps_an_edited_config_and_uninstalls() throws IOException {
        Path tree = unpackTarball();
        Path root = Files.createDirectory(tmp.resolve("root"));
        String install = tree.resolve("install.sh").toString();

        // GIVEN an install, WHEN the admin edits the config and the script runs again
        run(tmp, install, "--root", root.toString()).ok();
        Path conf = root.resolve(CONF);
        Files.writeString(
                conf, "ALIAPORT_DB_URL=jdbc:postgresql://db:5432/aliaport\n", java.nio.file.StandardOpenOption.APPEND);
        String edited = Files.readString(conf);
        assertThat(run(tmp, install, "--root", root.toString()).ok().output()).contains("kept the existing");

        // THEN the edit survives, the modes are tight, the unit runs the installed launcher
        assertThat(Files.readString(conf)).isEqualTo(edited);
        assertThat(mode(conf)).isEqualTo("rw-r-----");
        assertThat(mode(root.resolve("etc/aliaport"))).isEqualTo("rwxr-x---");
        assertThat(mode(root.resolve("var/lib/aliaport"))).isEqualTo("rwxr-x---");
        assertThat(root.resolve("opt/aliaport-daemon/bin/aliaport-daemon")).isExecutable();
        assertThat(root.resolve("opt/aliaport-daemon/lib/runtime/bin/java")).isExecutable();
        assertThat(Files.readSymbolicLink(root.resolve("usr/local/bin/aliaport-daemon")))
                .isEqualTo(Path.of("/opt/aliaport-daemon/bin/aliaport-daemon"));
        assertThat(Files.readString(root.resolve("etc/systemd/system/aliaport-daemon.service")))
                .contains("ExecStart=/opt/aliaport-daemon/bin/aliaport-daemon run")
                .contains("ExecStartPre=/opt/aliaport-daemon/bin/aliaport-daemon migrate")
                .doesNotContain("/usr/bin/aliaport-daemon");
        assertThat(root.resolve("opt/aliaport-daemon.new")).doesNotExist();

        // WHEN uninstalled: the program goes, configuration and data stay
        run(tmp, install, "--root", root.toString(), "--uninstall").ok();
        assertThat(root.resolve("opt/aliaport-daemon")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/aliaport-daemon.service")).doesNotExist();
        assertThat(root.resolve("usr/local/bin/aliaport-daemon")).doesNotExist();
        assertThat(Files.readString(conf)).isEqualTo(edited);
        assertThat(root.resolve("var/lib/aliaport")).isDirectory();

        // WHEN purged: nothing of it is left
        run(tmp, install, "--root", root.toString(), "--uninstall", "--purge").ok();
        assertThat(root.resolve("etc/aliaport")).doesNotExist();
        assertThat(root.resolve("var/lib/aliaport")).doesNotExist();
    }

    @Test
    void install_sh_refuses_unknown_options() throws IOException {
        Path tree = unpackTarball();
        Shell.Result r = run(tmp, tree.resolve("install.sh").toString(), "--frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("unknown option --frobnicate");
    }

    private Path unpackTarball() {
        assertThat(TARBALL).isRegularFile();
        Path into = tmp.resolve("unpacked");
        into.toFile().mkdirs();
        run(tmp, "tar", "-xzf", TARBALL.toString(), "-C", into.toString()).ok();
        return into.resolve("aliaport-daemon-" + VERSION);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
