package io.ironcore.cli.arch;

import io.ironcore.arch.ArchRules;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The module rules of libs/arch-rules on this module's production classes: no package cycles. Plain JUnit. */
class PackageCyclesTest {
    @TestFactory
    Stream<DynamicTest> moduleRules() {
        return ArchRules.moduleChecks("io.ironcore.cli");
    }
}
