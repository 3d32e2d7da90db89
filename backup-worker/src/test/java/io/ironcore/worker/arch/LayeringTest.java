package io.ironcore.worker.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * One-way layers, the rule every service keeps: services and event handlers never depend on a REST layer, and no
 * two packages of the module depend on each other. Plain JUnit on the compiled classes: no Quarkus, no database.
 */
class LayeringTest {
    private static final String BASE = "io.ironcore.worker";
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void servicesAndMessagingNeverDependOnRest() {
        noClasses().that().resideInAnyPackage(BASE + ".service..", BASE + ".messaging..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".rest..")
                .because("rest -> service -> entities, one way only")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
