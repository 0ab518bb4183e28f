package org.kronika.local;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No package of any module depends on itself through others. This module has every other one on its test class
 * path, so one rule here covers them all, including modules without a rule of their own.
 */
class ModulesArchitectureTest {

    private static final List<String> MODULE_PACKAGES = List.of("org.kronika.events", "org.kronika.security",
            "org.kronika.command", "org.kronika.query", "org.kronika.verifier", "org.kronika.auth",
            "org.kronika.infra", "org.kronika.local");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.kronika");

    @Test
    void everyModulesPackagesAreFreeOfCycles() {
        JavaClasses classes = CLASSES;
        for (String module : MODULE_PACKAGES) {
            assertThat(classes.containPackage(module)).as("classes of %s are on the class path", module).isTrue();
        }
        slices().matching("org.kronika.(**)").should().beFreeOfCycles()
                .because("each package can be understood without the ones that use it")
                .check(classes);
    }

    /** Every refusal has one shape because one class writes them all: exception handlers, filters and Tomcat. */
    @Test
    void problemJsonIsWrittenOnlyByProblem() {
        // By name: this module's test class path has the classes, not necessarily Spring's web types.
        String problemDetail = "org.springframework.http.ProblemDetail";
        noClasses().that().doNotHaveFullyQualifiedName("org.kronika.security.Problem")
                .should().callMethod(problemDetail, "forStatusAndDetail", "org.springframework.http.HttpStatusCode",
                        "java.lang.String")
                .orShould().callMethod(problemDetail, "forStatus", "org.springframework.http.HttpStatusCode")
                .orShould().callMethod(problemDetail, "forStatus", "int")
                .orShould().accessField("org.springframework.http.MediaType", "APPLICATION_PROBLEM_JSON")
                .because("problem+json has one writer, org.kronika.security.Problem")
                .check(CLASSES);
    }
}
