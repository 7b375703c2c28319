package dev.o2c.workflows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.UUID;

/**
 * Keeps the workflows module deterministic and free of infrastructure: it is loaded into Temporal workflow
 * sandboxes and by the starter, so it must not reach for Spring, databases or HTTP, and the canonical model may use
 * only the JDK and Jackson annotations.
 */
@AnalyzeClasses(packages = "dev.o2c.workflows", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noInfrastructure = noClasses()
            .that().resideInAPackage("dev.o2c.workflows..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "java.sql..", "javax.sql..", "java.net.http..", "org.postgresql..")
            .because("workflow code is deterministic: no Spring, JDBC or HTTP (that belongs in activities)");

    @ArchTest
    static final ArchRule modelIsDependencyFree = classes()
            .that().resideInAPackage("dev.o2c.workflows.model..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "dev.o2c.workflows.model..", "java.lang..", "java.math..", "java.time..", "java.util..",
                    "com.fasterxml.jackson.annotation..")
            .because("the canonical model is used inside workflows and by every module: JDK and Jackson"
                    + " annotations only");

    @ArchTest
    static final ArchRule modelHasNoClocksOrRandomness = noClasses()
            .that().resideInAPackage("dev.o2c.workflows.model..")
            .should().callMethodWhere(target(name("now"))) // LocalDate.now(), Instant.now(), ...
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
            .orShould().callMethod(UUID.class, "randomUUID")
            .orShould().callMethod(Math.class, "random")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .because("model code runs inside workflows and must be deterministic");
}
