package com.aliaport.ops.console.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** View / view-model / service: services know nothing of JavaFX, views nothing of the database. */
class ConsoleArchitectureTest {
    private static final JavaClasses CONSOLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.aliaport.ops.console");

    @Test
    void services_are_free_of_javafx() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Service")
                .or()
                .resideInAPackage("..console.live..")
                .and()
                .doNotHaveSimpleName("LiveEvents")
                .or()
                .haveSimpleName("ConsoleSession")
                .or()
                .haveSimpleName("ConnectionSource")
                .or()
                .haveSimpleName("ProfileStore")
                .or()
                .haveSimpleName("RunCsv")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("javafx..")
                .check(CONSOLE);
    }

    @Test
    void views_and_view_models_run_no_sql() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("View")
                .or()
                .haveSimpleNameEndingWith("Model")
                .or()
                .haveSimpleName("MainWindow")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.jooq..", "java.sql..", "com.aliaport.ops.db.generated..")
                .check(CONSOLE);
    }

    @Test
    void no_quartz_in_the_console() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.quartz..")
                .check(CONSOLE);
    }
}
