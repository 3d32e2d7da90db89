package io.ironcore.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.Slices;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared rules pass on a well-layered fixture and fail, naming the offending classes, on a fixture that breaks
 * each of them. The fixtures are test classes under {@code io.ironcore.arch.fixture}, imported here directly (the
 * modules' own checks import production classes only).
 */
class ArchRulesTest {
    private static final String FIXTURE = "io.ironcore.arch.fixture";

    private static JavaClasses fixture(String name) {
        return new ClassFileImporter().importPackages(FIXTURE + "." + name);
    }

    @Test
    void aWellLayeredServicePassesEveryServiceRule() {
        JavaClasses classes = fixture("layered");
        assertThat(classes).hasSize(4);
        for (var rule : ArchRules.serviceRules(FIXTURE + ".layered")) {
            assertThatCode(() -> rule.check(classes)).as(rule.getDescription()).doesNotThrowAnyException();
        }
    }

    @Test
    void aServiceThatUsesARestClassFails() {
        assertThatThrownBy(() -> ArchRules.serviceAndMessagingNeverDependOnRest(FIXTURE + ".restleak")
                .check(fixture("restleak")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("should depend on classes that reside in a package '"
                        + FIXTURE + ".restleak.rest..'")
                .hasMessageContaining("was violated (2 times)")
                .hasMessageContaining("Method <" + FIXTURE + ".restleak.service.Service.load()> has return type <"
                        + FIXTURE + ".restleak.rest.Response>");
    }

    @Test
    void anEntityThatUsesALayerAboveFails() {
        assertThatThrownBy(() -> ArchRules.entitiesNeverDependOnTheLayersAbove(FIXTURE + ".entityup")
                .check(fixture("entityup")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Method <" + FIXTURE + ".entityup.Entity.save()> calls constructor <"
                        + FIXTURE + ".entityup.messaging.Publisher.<init>()>");
    }

    @Test
    void aPackageCycleFailsAndNamesBothPackages() {
        assertThatThrownBy(() -> ArchRules.noPackageCycles(FIXTURE + ".cycle").check(fixture("cycle")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Rule 'no package cycles in " + FIXTURE + ".cycle' was violated (1 times)")
                .hasMessageContaining("Cycle detected: Slice a -> ")
                .hasMessageContaining("Method <" + FIXTURE + ".cycle.a.A.next()> has return type <"
                        + FIXTURE + ".cycle.b.B>")
                .hasMessageContaining("Method <" + FIXTURE + ".cycle.b.B.back()> has return type <"
                        + FIXTURE + ".cycle.a.A>");
    }

    @Test
    void aCycleThroughTheRootPackageFailsAndNamesTheRootSlice() {
        assertThatThrownBy(() -> ArchRules.noPackageCycles(FIXTURE + ".rootcycle").check(fixture("rootcycle")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Rule 'no package cycles in " + FIXTURE + ".rootcycle' was violated (1 times)")
                .hasMessageContaining("Cycle detected: Slice " + ArchRules.ROOT_SLICE + " -> ")
                .hasMessageContaining("Method <" + FIXTURE + ".rootcycle.Catalog.first()> has return type <"
                        + FIXTURE + ".rootcycle.sub.Payload>")
                .hasMessageContaining("Constructor <" + FIXTURE + ".rootcycle.sub.Payload.<init>(java.lang.String)> calls"
                        + " method <" + FIXTURE + ".rootcycle.Validated.require(java.lang.String)>");
    }

    @Test
    void aRootPackageThatUsesNoSubpackagePasses() {
        JavaClasses classes = fixture("rootclean");
        assertThat(classes).hasSize(3);
        assertThat(slices(FIXTURE + ".rootclean", classes)).containsExactlyInAnyOrder(
                "Slice " + ArchRules.ROOT_SLICE, "Slice sub", "Slice catalog");
        assertThatCode(() -> ArchRules.noPackageCycles(FIXTURE + ".rootclean").check(classes))
                .doesNotThrowAnyException();
    }

    @Test
    void aClassIsInTheSliceOfItsFirstSubpackageAndOutsideTheBaseInNone() {
        JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE);
        // base "fixture": the class of cycle.a is in slice cycle; base "fixture.cycle": in slice a
        assertThat(slices(FIXTURE, classes)).contains("Slice cycle", "Slice rootcycle", "Slice flat")
                .doesNotContain("Slice a", "Slice " + ArchRules.ROOT_SLICE);
        assertThat(slices(FIXTURE + ".cycle", classes)).containsExactlyInAnyOrder("Slice a", "Slice b");
    }

    private static List<String> slices(String basePackage, JavaClasses classes) {
        return Slices.assignedFrom(ArchRules.rootAndFirstSubpackages(basePackage)).transform(classes)
                .namingSlices("Slice $1").stream().map(Slice::getDescription).toList();
    }

    @Test
    void eachCheckRunsItsRuleOnTheClasses() {
        List<DynamicTest> checks = ArchRules.checks(fixture("cycle"), ArchRules.moduleRules(FIXTURE + ".cycle"))
                .toList();
        assertThat(checks).hasSize(1);
        assertThatThrownBy(() -> checks.get(0).getExecutable().execute())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
    }

    @Test
    void aModuleWithOnlyItsRootPackageHasNoCycle() {
        JavaClasses classes = fixture("flat");
        assertThat(classes).hasSize(2);
        assertThatCode(() -> ArchRules.noPackageCycles(FIXTURE + ".flat").check(classes)).doesNotThrowAnyException();
    }

    @Test
    void theArchRulesModuleItselfHasNoPackageCycle() {
        ArchRules.moduleChecks("io.ironcore.arch").forEach(check ->
                assertThatCode(() -> check.getExecutable().execute()).as(check.getDisplayName())
                        .doesNotThrowAnyException());
    }

    @Test
    void mainClassesAreTheProductionClassesOnly() {
        JavaClasses classes = ArchRules.mainClasses("io.ironcore.arch");
        assertThat(classes.stream().map(JavaClass::getName)).contains(ArchRules.class.getName())
                .doesNotContain(ArchRulesTest.class.getName(), FIXTURE + ".cycle.a.A");
    }

    @Test
    void aMistypedBasePackageFailsInsteadOfPassingEveryRule() {
        assertThatThrownBy(() -> ArchRules.mainClasses("io.ironcore.nosuchmodule"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.ironcore.nosuchmodule");
    }

    @Test
    void serviceChecksAreOneTestPerRuleAndModuleChecksTheCycleRule() {
        List<String> service = ArchRules.serviceChecks("io.ironcore.arch").map(DynamicTest::getDisplayName).toList();
        assertThat(service).hasSize(3).contains("no package cycles in io.ironcore.arch")
                .anyMatch(name -> name.contains("io.ironcore.arch.rest.."));
        assertThat(ArchRules.moduleChecks("io.ironcore.arch").map(DynamicTest::getDisplayName))
                .containsExactly("no package cycles in io.ironcore.arch");
    }
}
