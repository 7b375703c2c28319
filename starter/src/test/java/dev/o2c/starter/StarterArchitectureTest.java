package dev.o2c.starter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.temporal.spring.boot.ActivityImpl;
import io.temporal.spring.boot.WorkflowImpl;

/** The starter is a Temporal client only (README, "Modules"): it never runs workflow or activity code. */
@AnalyzeClasses(packages = "dev.o2c.starter", importOptions = ImportOption.DoNotIncludeTests.class)
class StarterArchitectureTest {

    @ArchTest
    static final ArchRule noActivityCode = noClasses()
            .should().dependOnClassesThat().resideInAPackage("dev.o2c.activities..")
            .because("the starter reads the ledger through ledger-query, never through activity code");

    @ArchTest
    static final ArchRule noWorkflowImplementations = noClasses()
            .should().dependOnClassesThat().haveSimpleNameEndingWith("WorkflowImpl")
            .orShould().dependOnClassesThat().haveSimpleNameEndingWith("ActivitiesImpl")
            .because("the starter only uses workflow interfaces and the model");

    @ArchTest
    static final ArchRule registersNoWorkers = noClasses()
            .should().beAnnotatedWith(WorkflowImpl.class)
            .orShould().beAnnotatedWith(ActivityImpl.class)
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.temporal.worker.WorkerFactory")
            .because("workers run in the worker process only");
}
