package com.aliaport.ops.daemon.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

    @Test
    void in_ci_a_missing_tool_fails_the_test_instead_of_skipping_it(@TempDir Path empty) {
        assertThatThrownBy(() ->
                        RequiredTool.find("promtool", "prometheus", Map.of("PATH", empty.toString(), "CI", "true")))
                .isInstanceOf(AssertionError.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("promtool is not installed (apt-get install prometheus");
    }

    @Test
    void outside_ci_a_missing_tool_skips_the_test_naming_the_package(@TempDir Path empty) {
        assertThatThrownBy(() -> RequiredTool.find("promtool", "prometheus", Map.of("PATH", empty.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install prometheus");
        assertThatThrownBy(() ->
                        RequiredTool.find("promtool", "prometheus", Map.of("PATH", empty.toString(), "CI", "false")))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void an_installed_tool_is_found_on_the_path(@TempDir Path bin) throws Exception {
        Path tool = Files.createFile(
                bin.resolve("promtool"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(RequiredTool.find("promtool", "prometheus", Map.of("PATH", "/nonexistent:" + bin, "CI", "true")))
                .isEqualTo(tool.toString());
    }
}
