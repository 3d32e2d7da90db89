package io.ironcore.prune.arch;

import io.ironcore.arch.ArchRules;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The service rules of libs/arch-rules on this module's production classes, one test each: {@code service} and
 * {@code messaging} never depend on {@code rest}, the entities (root package) know no layer above them, no package
 * cycles. Plain JUnit on the compiled classes: no Quarkus, no database.
 */
class LayeringTest {
    @TestFactory
    Stream<DynamicTest> serviceRules() {
        return ArchRules.serviceChecks("io.ironcore.prune");
    }
}
