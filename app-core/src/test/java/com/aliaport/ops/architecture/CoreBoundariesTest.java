package com.aliaport.ops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** app-core stays free of the frameworks at the edges: no scheduler, no UI, no HTTP server, no CLI. */
class CoreBoundariesTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.aliaport.ops");

    @Test
    void core_does_not_depend_on_quartz_javafx_javalin_or_picocli() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.quartz..", "javafx..", "io.javalin..", "picocli..")
                .check(CORE);
    }

    @Test
    void features_do_not_reach_into_the_daemon_or_console() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.aliaport.ops.daemon..", "com.aliaport.ops.console..")
                .check(CORE);
    }
}
