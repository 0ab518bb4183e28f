package org.kronika.security;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    /** A field named by a key the caller sent is cut, in the errors and in the detail: a refusal is no echo. */
    @Test
    void aFieldNamedByAKeyOfAnySizeIsCutWhereTheProblemNamesIt() {
        String key = "breakdown." + "x".repeat(100_000);

        Problem problem = Problem.ofField(HttpStatus.UNPROCESSABLE_ENTITY, "Rule violated", key, "is not a category");

        assertThat(problem.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).hasSize(Problem.FIELD_SHOWN + 1).startsWith("breakdown.xxx").endsWith("…");
            assertThat(error.message()).isEqualTo("is not a category");
        });
        assertThat(problem.detail()).hasSize(Problem.FIELD_SHOWN + 1 + ": is not a category".length());
        assertThat(problem.toJson(null).length()).isLessThan(1_000);
    }

    @Test
    void anOrdinaryFieldIsNamedWhole() {
        Problem problem = Problem.ofField(HttpStatus.UNPROCESSABLE_ENTITY, "Rule violated",
                "participants.bySex.female", "must not be negative");

        assertThat(problem.errors()).singleElement().extracting(Problem.FieldError::field)
                .isEqualTo("participants.bySex.female");
        assertThat(problem.detail()).isEqualTo("participants.bySex.female: must not be negative");
    }

    /** A message that is a sentence of its own is not glued to the field's name: "periodId the report for ...". */
    @Test
    void theDetailNamesTheFieldThenItsMessageAfterAColon() {
        Problem problem = Problem.ofField(HttpStatus.UNPROCESSABLE_ENTITY, "Project rule violated", "periodId",
                "the report for 2025-Q3 was never submitted");

        assertThat(problem.detail()).isEqualTo("periodId: the report for 2025-Q3 was never submitted");
        assertThat(problem.errors()).containsExactly(
                new Problem.FieldError("periodId", "the report for 2025-Q3 was never submitted"));
    }

    /** A server's own failure that Tomcat answers was worded as a refusal of the request. */
    @Test
    void tomcatsAnswerToAServersOwnFailureSaysSoAndARefusalSaysItWasRefused() {
        assertThat(ProblemErrorReportValve.problem(500).toJson("/api/projects"))
                .contains("\"status\":500", "The server failed while answering the request")
                .doesNotContain("refused");
        assertThat(ProblemErrorReportValve.problem(413).toJson("/api/projects"))
                .contains("\"status\":413", "refused before it reached the API");
    }
}
