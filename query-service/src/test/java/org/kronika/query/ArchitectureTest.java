package org.kronika.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "org.kronika.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule readsOnlyThroughThePublicContract = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.kronika.command..", "org.axonframework..")
            .because("the query service consumes the stream exactly as a partner would");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("org.kronika.query.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule controllersNeverSeeDocuments = noClasses().that().resideInAPackage("..web..")
            .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                    .resideInAnyPackage("org.bson..", "com.mongodb..")
                    .and(com.tngtech.archunit.base.DescribedPredicate.not(
                            com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(Throwable.class))))
            .because("MongoDB documents appear only in each collection's mapping layer; the web layer knows only the "
                    + "driver's failures, to answer 503 while the store does not answer");

    @ArchTest
    static final ArchRule foldsArePure = noClasses().that().haveSimpleNameEndingWith("Projection")
            .should().dependOnClassesThat().resideInAnyPackage("org.bson..", "com.mongodb..", "org.springframework..")
            .because("a read model is folded from typed events; storing it is the mapping layer's business");
}
