package io.ironcore.jobs.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * One-way layers: {@code rest -> service -> entities}. Services and event handlers know nothing of HTTP (no
 * dependency on {@code rest}), and no two packages of the module depend on each other. Plain JUnit on the compiled
 * classes: no Quarkus, no database.
 */
class LayeringTest {
    private static final String BASE = "io.ironcore.jobs";
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
                .because("services choose no HTTP status and take no REST records: rest -> service -> entities")
                .check(classes);
    }

    /** The entities (the module's root package) know no layer above them. */
    @Test
    void entitiesNeverDependOnTheLayersAbove() {
        noClasses().that().resideInAPackage(BASE)
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".rest..", BASE + ".service..",
                        BASE + ".messaging..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
