package com.aliaport.ops.daemon.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Quartz types stay in the scheduler package; the rest of the daemon talks to it through our own types. */
class DaemonBoundariesTest {
    private static final JavaClasses DAEMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.aliaport.ops.daemon");

    @Test
    void only_the_scheduler_package_touches_quartz() {
        noClasses()
                .that()
                .resideOutsideOfPackage("com.aliaport.ops.daemon.scheduler..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.quartz..")
                .check(DAEMON);
    }

    @Test
    void the_daemon_has_no_ui() {
        noClasses().should().dependOnClassesThat().resideInAPackage("javafx..").check(DAEMON);
    }
}
