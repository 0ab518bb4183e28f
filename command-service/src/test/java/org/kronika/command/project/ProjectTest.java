package org.kronika.command.project;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.kronika.command.project.api.RecordTrainingDelivered;
import org.kronika.command.project.api.RegisterProject;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectTest {

    private static final LocalDate TODAY = LocalDate.of(2024, 6, 15);
    private static final ProjectRegistered REGISTERED = new ProjectRegistered("komf", "KOMF",
            "Monitoring the Law on Child Protection", List.of("Prishtinë", "Gjilan"),
            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));

    private FixtureConfiguration<Project> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Project.class);
        fixture.registerInjectableResource(Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    }

    @Test
    void registersAProject() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProject("komf", "KOMF", "Monitoring the Law on Child Protection",
                        List.of("Prishtinë", "Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(REGISTERED);
    }

    @Test
    void cannotRegisterAProjectThatEndsBeforeItStarts() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProject("komf", "KOMF", "t", List.of("Gjilan"),
                        LocalDate.of(2024, 5, 1), LocalDate.of(2024, 4, 30)))
                .expectException(ProjectRuleViolation.class)
                .expectExceptionMessage("must not be before startDate 2024-05-01")
                .expectNoEvents();
    }

    @Test
    void cannotRegisterAProjectWithoutMunicipalities() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProject("komf", "KOMF", "t", List.of(),
                        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                .expectException(ProjectRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void recordsADeliveredTraining() {
        var participants = new Participants(18, 14, 3);
        fixture.given(REGISTERED)
                .when(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", participants))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload("t-1")
                .expectEvents(new TrainingDelivered("komf", "t-1", "Case management", LocalDate.of(2024, 3, 12),
                        "Gjilan", participants));
    }

    @Test
    void cannotRecordTrainingBeforeProjectStart() {
        fixture.given(REGISTERED)
                .when(training("t-1", LocalDate.of(2023, 12, 31), "Gjilan", new Participants(5, 2, 3)))
                .expectException(ProjectRuleViolation.class)
                .expectExceptionMessage("is before the project starts on 2024-01-01")
                .expectNoEvents();
    }

    @Test
    void cannotRecordTrainingThatHasNotHappenedYet() {
        fixture.given(REGISTERED)
                .when(training("t-1", TODAY.plusDays(1), "Gjilan", new Participants(5, 2, 3)))
                .expectException(ProjectRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void cannotRecordTrainingAfterProjectEnd() {
        var ended = new ProjectRegistered("komf", "KOMF", "t", List.of("Gjilan"),
                LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31));
        fixture.given(ended)
                .when(training("t-1", LocalDate.of(2024, 1, 2), "Gjilan", new Participants(5, 2, 3)))
                .expectException(ProjectRuleViolation.class)
                .expectExceptionMessage("is after the project ends on 2023-12-31")
                .expectNoEvents();
    }

    @Test
    void cannotRecordTrainingOutsideTheProjectsMunicipalities() {
        fixture.given(REGISTERED)
                .when(training("t-1", LocalDate.of(2024, 3, 12), "Tiranë", new Participants(5, 2, 3)))
                .expectException(ProjectRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void cannotRecordMoreParticipantsBySexThanInTotal() {
        fixture.given(REGISTERED)
                .when(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", new Participants(10, 8, 3)))
                .expectException(ProjectRuleViolation.class)
                .expectExceptionMessage("female + male (11) exceeds total (10)")
                .expectNoEvents();
    }

    @Test
    void cannotRecordNegativeCounts() {
        fixture.given(REGISTERED)
                .when(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", new Participants(10, -1, 3)))
                .expectException(ProjectRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void cannotRecordTheSameActivityTwice() {
        var participants = new Participants(18, 14, 3);
        fixture.given(REGISTERED, new TrainingDelivered("komf", "t-1", "Case management",
                        LocalDate.of(2024, 3, 12), "Gjilan", participants))
                .when(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", participants))
                .expectException(ActivityAlreadyRecorded.class)
                .expectNoEvents();
    }

    @Test
    void countsWithUnstatedSexAreAccepted() {
        assertThat(new Participants(18, 11, 5).unspecified()).isEqualTo(2);
        fixture.given(REGISTERED)
                .when(training("t-2", LocalDate.of(2024, 3, 12), "Gjilan", new Participants(18, 11, 5)))
                .expectSuccessfulHandlerExecution();
    }

    private static RecordTrainingDelivered training(String activityId, LocalDate on, String municipality,
                                                    Participants participants) {
        return new RecordTrainingDelivered("komf", activityId, "Case management", on, municipality, participants);
    }
}
