package com.aliaport.ops.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileCheckTest {
    @TempDir
    Path dir;

    @Test
    void a_config_readable_by_others_is_reported_with_the_fix() throws IOException {
        Path conf = config("rw-r--r--");

        assertThat(ConfigFileCheck.problem(conf))
                .hasValueSatisfying(m -> assertThat(m).contains("rw-r--r--", "chmod 0640 " + conf));
    }

    @Test
    void a_config_the_group_may_change_is_reported() throws IOException {
        assertThat(ConfigFileCheck.problem(config("rw-rw----"))).isPresent();
    }

    @Test
    void the_packages_mode_is_fine() throws IOException {
        assertThat(ConfigFileCheck.problem(config("rw-r-----"))).isEmpty();
        assertThat(ConfigFileCheck.problem(config("rw-------"))).isEmpty();
    }

    private Path config(String mode) throws IOException {
        Path conf = Files.createTempFile(dir, "aliaport", ".conf");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString(mode));
        return conf;
    }
}
