package org.kronika.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "org.kronika.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule readsOnlyThroughThePublicContract = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.kronika.command..", "org.axonframework..")
            .because("the query service consumes the stream exactly as a partner would");
}
