package com.aliaport.ops.daemon.testsupport;

import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An external program a test needs (promtool, prometheus). In CI ({@code CI} set) a missing one fails the test:
 * {@code .ci/install-tools} installs it, so its absence is a broken CI machine, never a reason to pass. Elsewhere
 * the test is skipped with the package to install (and {@code .ci/check-skipped} would refuse that skip in CI).
 */
public final class RequiredTool {
    private RequiredTool() {}

    public static String find(String name, String debianPackage) {
        return find(name, debianPackage, System.getenv());
    }

    static String find(String name, String debianPackage, Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        String reason = name + " is not installed (apt-get install " + debianPackage + ", as .ci/install-tools does)";
        if (inCi(env)) {
            fail("in CI every tool a test needs must be there: " + reason);
        }
        assumeThat(false).as(reason).isTrue();
        throw new AssertionError("unreachable: the assumption above aborts the test");
    }

    /**
     * A Python 3 that imports {@code module} (Debian's {@code python3-…} packages install into the system Python,
     * {@code /usr/bin/python3}, which a PATH shim such as pyenv's may hide).
     */
    public static String pythonWith(String module, String debianPackage) {
        for (String python : new String[] {"/usr/bin/python3", find("python3", "python3")}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import " + module)
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return python;
                }
            } catch (java.io.IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String reason = "Python module " + module + " is not installed (apt-get install " + debianPackage
                + ", as .ci/install-tools does)";
        if (inCi(System.getenv())) {
            fail("in CI every tool a test needs must be there: " + reason);
        }
        assumeThat(false).as(reason).isTrue();
        throw new AssertionError("unreachable: the assumption above aborts the test");
    }

    static boolean inCi(Map<String, String> env) {
        String ci = env.get("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }
}
