package com.aliaport.ops.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .ci/check-skipped}, which CI runs after {@code mvn -B verify}: a skipped test fails the build, named. */
class SkippedTestsCheckTest {
    private static final Path SCRIPT = RepositoryLinks.findRoot(Path.of("")).resolve(".ci/check-skipped");

    private record Result(int exit, String output) {}

    @Test
    void a_skipped_test_in_a_failsafe_report_fails_the_check_and_is_named(@TempDir Path repo) throws Exception {
        report(repo, "app-core/target/surefire-reports", "com.x.FastTest", """
                  <testcase name="adds" classname="com.x.FastTest" time="0.01"/>
                """, 0);
        report(repo, "app-daemon/target/failsafe-reports", "com.x.ToolIT", """
                  <testcase name="runs_promtool" classname="com.x.ToolIT" time="0.0">
                    <skipped message="promtool is not installed"/>
                  </testcase>
                  <testcase name="other" classname="com.x.ToolIT" time="0.2"/>
                """, 1);

        Result r = check(repo);

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("com.x.ToolIT.runs_promtool: promtool is not installed");
        assertThat(r.output()).doesNotContain("FastTest.adds", "ToolIT.other");
    }

    @Test
    void reports_without_skipped_tests_pass(@TempDir Path repo) throws Exception {
        report(repo, "app-core/target/surefire-reports", "com.x.FastTest", """
                  <testcase name="adds" classname="com.x.FastTest" time="0.01"/>
                """, 0);

        Result r = check(repo);

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("1 test reports, no test skipped");
    }

    @Test
    void no_reports_at_all_fail_the_check(@TempDir Path repo) throws Exception {
        assertThat(check(repo).exit()).isNotZero();
    }

    private static void report(Path repo, String dir, String suite, String cases, int skipped) throws Exception {
        Path d = Files.createDirectories(repo.resolve(dir));
        Files.writeString(d.resolve("TEST-" + suite + ".xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="%s" time="0.3" tests="2" errors="0" skipped="%d" failures="0">
                %s</testsuite>
                """.formatted(suite, skipped, cases));
    }

    private static Result check(Path repo) throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), repo.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
