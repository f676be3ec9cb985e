package com.aliaport.ops.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the tools the package checks use; a missing tool fails on CI and skips elsewhere. */
final class Shell {
    private Shell() {}

    record Result(int exit, String output) {
        Result ok() {
            assertThat(exit).as("exit status; output:%n%s", output).isZero();
            return this;
        }
    }

    static Result run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** On CI (CI set) a missing tool is a failure: the check must run there. */
    static void requireTool(String tool) {
        boolean present = List.of(
                        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
        if (!present && System.getenv("CI") != null) {
            fail(tool + " is missing on CI: .ci/install-tools installs it");
        }
        assumeTrue(present, tool + " is not installed here");
    }
}
