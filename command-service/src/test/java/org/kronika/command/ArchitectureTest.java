package org.kronika.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "org.kronika.command", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainModelIsFreeOfSpring = noClasses()
            .that().resideInAPackage("org.kronika.command.project..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework.spring..")
            .because("the rules of a project must be readable and testable without a container");

    @ArchTest
    static final ArchRule domainModelKnowsNothingOfTransport = noClasses()
            .that().resideInAPackage("org.kronika.command.project..")
            .should().dependOnClassesThat().resideInAnyPackage("org.kronika.command.web..",
                    "org.kronika.command.publishing..", "org.apache.kafka..", "jakarta.servlet..")
            .because("HTTP and Kafka are adapters around the model, not part of it");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("org.kronika.command.(**)")
            .should().beFreeOfCycles()
            .because("a newcomer reads the service package by package, each understood without the ones that use it");
}
