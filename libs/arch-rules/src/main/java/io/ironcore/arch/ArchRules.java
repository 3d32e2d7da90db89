package io.ironcore.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.DynamicTest;

import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules of every module, in one place. Each module has its own plain JUnit test (so
 * {@code mvn -pl <module> verify} and the root {@code mvn verify} check it) that is one {@code @TestFactory}:
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> serviceRules() {
 *     return ArchRules.serviceChecks("io.ironcore.jobs");
 * }
 * }</pre>
 * <ul>
 *   <li>every module ({@link #moduleChecks}): {@link #noPackageCycles} (the root package counts as a package);</li>
 *   <li>every service ({@link #serviceChecks}), in addition: {@link #serviceAndMessagingNeverDependOnRest} and
 *       {@link #entitiesNeverDependOnTheLayersAbove} (one-way layers {@code rest -> service/messaging -> entities}).</li>
 * </ul>
 * The base package is the module's root package, e.g. {@code io.ironcore.jobs}; its classes are the entities.
 */
public final class ArchRules {
    /** The name of the slice of the classes in the base package itself, in {@link #noPackageCycles}. */
    public static final String ROOT_SLICE = "(root)";

    private ArchRules() {
    }

    /** The rules of every module (libs, cli, deploy/local), one test each, on the module's production classes. */
    public static Stream<DynamicTest> moduleChecks(String basePackage) {
        return checks(basePackage, moduleRules(basePackage));
    }

    /** The rules of every service: the module rules and the one-way layers, one test each. */
    public static Stream<DynamicTest> serviceChecks(String basePackage) {
        return checks(basePackage, serviceRules(basePackage));
    }

    public static List<ArchRule> moduleRules(String basePackage) {
        return List.of(noPackageCycles(basePackage));
    }

    public static List<ArchRule> serviceRules(String basePackage) {
        return List.of(serviceAndMessagingNeverDependOnRest(basePackage),
                entitiesNeverDependOnTheLayersAbove(basePackage), noPackageCycles(basePackage));
    }

    /** One test per rule, named by the rule, each checking the production classes of {@code basePackage}. */
    public static Stream<DynamicTest> checks(String basePackage, List<ArchRule> rules) {
        return checks(mainClasses(basePackage), rules);
    }

    /** One test per rule, named by the rule, each checking {@code classes}. */
    public static Stream<DynamicTest> checks(JavaClasses classes, List<ArchRule> rules) {
        return rules.stream().map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(classes)));
    }

    /**
     * The module's production classes: {@code basePackage} and its subpackages on the test classpath, without test
     * classes.
     *
     * @throws IllegalStateException if there are none (a mistyped base package would make every rule pass)
     */
    public static JavaClasses mainClasses(String basePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        if (classes.isEmpty()) {
            throw new IllegalStateException("no production classes in package " + basePackage
                    + " on the classpath: is the base package right?");
        }
        return classes;
    }

    /**
     * No two packages of the module depend on each other, directly or through others. The slices are the root
     * package {@code basePackage} itself, named {@value #ROOT_SLICE}, and each {@code basePackage.x..}, named
     * {@code x}: so a root class that uses a subpackage which uses the root is a cycle too. A module whose classes
     * are all in its root package is one slice, and so has no cycle.
     */
    public static ArchRule noPackageCycles(String basePackage) {
        return slices().assignedFrom(rootAndFirstSubpackages(basePackage)).namingSlices("Slice $1")
                .should().beFreeOfCycles()
                .allowEmptyShould(true)
                .as("no package cycles in " + basePackage);
    }

    /**
     * A class in {@code basePackage} is in slice {@value #ROOT_SLICE}, one in {@code basePackage.x} or below in slice
     * {@code x}; any other class is in no slice.
     */
    static SliceAssignment rootAndFirstSubpackages(String basePackage) {
        String prefix = basePackage + ".";
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                if (pkg.equals(basePackage)) {
                    return SliceIdentifier.of(ROOT_SLICE);
                }
                if (pkg.startsWith(prefix)) {
                    String rest = pkg.substring(prefix.length());
                    int dot = rest.indexOf('.');
                    return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the root package " + basePackage + " and each package directly under it";
            }
        };
    }

    /** Services and event handlers know nothing of HTTP: no dependency on {@code basePackage.rest..}. */
    public static ArchRule serviceAndMessagingNeverDependOnRest(String basePackage) {
        return noClasses().that().resideInAnyPackage(basePackage + ".service..", basePackage + ".messaging..")
                .should().dependOnClassesThat().resideInAPackage(basePackage + ".rest..")
                .because("services choose no HTTP status and take no REST records: rest -> service -> entities");
    }

    /** The entities (the classes of the root package) know no layer above them. */
    public static ArchRule entitiesNeverDependOnTheLayersAbove(String basePackage) {
        return noClasses().that().resideInAPackage(basePackage)
                .should().dependOnClassesThat().resideInAnyPackage(basePackage + ".rest..",
                        basePackage + ".service..", basePackage + ".messaging..")
                .because("rest -> service -> entities, one way only")
                .allowEmptyShould(true);
    }
}
