package org.kronika.command.project;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.kronika.command.project.api.CloseProject;
import org.kronika.command.project.api.ReopenProject;
import org.kronika.command.project.api.VersionedCommand;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectReopened;
import org.kronika.command.project.api.AmendProjectDetails;
import org.kronika.command.project.api.ApprovePeriod;
import org.kronika.command.project.api.ReopenPeriod;
import org.kronika.command.project.api.ReturnPeriod;
import org.kronika.command.project.api.SubmitPeriod;
import org.kronika.command.project.api.CommandResult;
import org.kronika.command.project.api.CorrectActivity;
import org.kronika.command.project.api.CorrectMeasurement;
import org.kronika.command.project.api.DefineIndicator;
import org.kronika.command.project.api.PlanActivity;
import org.kronika.command.project.api.RecordActivity;
import org.kronika.events.Vocabulary;
import org.kronika.command.project.api.RecordIndicatorMeasurement;
import org.kronika.command.project.api.RedefineIndicator;
import org.kronika.command.project.api.RegisterProject;
import org.kronika.command.project.api.RetractActivity;
import org.kronika.command.project.api.RetractMeasurement;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.BodyEstablished;
import org.kronika.events.ApprovedPeriodChanged;
import org.kronika.events.PeriodApproved;
import org.kronika.events.PeriodReopened;
import org.kronika.events.PeriodReturned;
import org.kronika.events.PeriodSubmitted;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.DocumentPublished;
import org.kronika.events.EventTypes;
import org.kronika.events.chain.EventData;
import org.kronika.events.DocumentReference;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MaterialsDistributed;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.MeetingHeld;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.Participants;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.RegulationProgressed;
import org.kronika.events.TrainingDelivered;
import org.kronika.security.Role;
import org.kronika.verifier.EventRoles;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.kronika.command.project.FieldRefusals.faults;
import static org.assertj.core.api.Assertions.assertThat;

class ProjectTest {

    private static final LocalDate TODAY = LocalDate.of(2024, 6, 15);
    private static final String P = "nopm";
    /** An organisation another project registered, under the name the register keeps. */
    private static final String KEC = "kec";
    private static final String KEC_NAME = "Kosova Education Center (KEC)";
    private static final ProjectRegistered REGISTERED = new ProjectRegistered(P, "nopm", "Network of Peace Movement", false,
            "Participation in local decision-making", "Citizens take part in budgeting", "Better local governance",
            List.of("Raise awareness"), List.of("Citizens", "Village councils"), List.of("Gjilan", "Kamenicë"),
            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    private static final IndicatorDefined KITS = new IndicatorDefined(P, "kits", "Citizen Investment Kits distributed",
            "count", "items", "sum", 0, 400, List.of(new PeriodTarget("2024-Q2", 200)), List.of("municipality"));
    private static final IndicatorDefined REACHED = new IndicatorDefined(P, "citizens", "Citizens reached",
            "count", "participants", "sum", 0, 1000, List.of(), List.of("sex"));
    private static final ActivityPlanned KIT_DISTRIBUTION = new ActivityPlanned(P, "kit-distribution",
            "Distribute 200 Citizen Investment Kits in each municipality", "materials-distributed", 2, List.of("kits"));

    private FixtureConfiguration<Project> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixtureFor(ProjectFixtures.programme());
    }

    private static FixtureConfiguration<Project> fixtureFor(Programme programme) {
        return fixtureFor(programme, Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    }

    /** The project's rules as decided on {@code day}, the start of it in UTC. */
    private static FixtureConfiguration<Project> fixtureOn(LocalDate day) {
        return fixtureFor(ProjectFixtures.programme(), Clock.fixed(day.atStartOfDay().toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC));
    }

    private static FixtureConfiguration<Project> fixtureFor(Programme programme, Clock clock) {
        return fixtureFor(programme, ProjectFixtures.periods(programme), clock);
    }

    private static FixtureConfiguration<Project> fixtureFor(Programme programme, ReportingPeriods periods, Clock clock) {
        return fixtureFor(programme, periods, clock, Map.of(KEC, KEC_NAME));
    }

    /** @param registered the organisations' names as registered, by organisation id */
    private static FixtureConfiguration<Project> fixtureFor(Programme programme, ReportingPeriods periods, Clock clock,
                                                            Map<String, String> registered) {
        FixtureConfiguration<Project> fixture = new AggregateTestFixture<>(Project.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(programme);
        fixture.registerInjectableResource(periods);
        fixture.registerInjectableResource(ProjectFixtures.decoder());
        fixture.registerInjectableResource(ProjectFixtures.ledger(fixture.getEventStore()));
        fixture.registerInjectableResource(ProjectFixtures.measurements(fixture.getEventStore()));
        fixture.registerInjectableResource(ProjectFixtures.organisations(registered));
        return fixture;
    }

    @Nested
    class Registration {

        @Test
        void registersAProjectWithItsLogframeInCanonicalPlaceNames() {
            fixture.givenNoPriorActivity()
                    .when(register(List.of("Gjilani", "Kamenica"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(REGISTERED);
        }

        /** Rows of a spreadsheet: an Albanian definite form, a hyphen, a no-break space pasted after the name. */
        @Test
        void registersAProjectInPlacesNamedAsPastedUnderTheProgrammesNames() {
            fixture.givenNoPriorActivity()
                    .when(register(List.of("Vushtrria", "Fushe-Kosove", "Podujevë\u00A0", "\uFEFFShtimja\u200B"),
                            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectEvents(new ProjectRegistered(P, "nopm", REGISTERED.organisation(), false,
                            REGISTERED.title(), REGISTERED.summary(), REGISTERED.generalGoal(),
                            REGISTERED.specificObjectives(),
                            REGISTERED.targetGroups(), List.of("Vushtrri", "Fushë Kosovë", "Podujevë", "Shtime"),
                            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
        }

        @Test
        void refusesAnUnknownPlaceShowingTheNoBreakSpaceItWasPastedWithAndTheNameItIsNear() {
            fixture.givenNoPriorActivity()
                    .when(register(List.of("Gjilan", "Vushtrrria\u00A0"), LocalDate.of(2024, 1, 1),
                            LocalDate.of(2024, 12, 31)))
                    .expectException(violation("municipalities[1]", "'Vushtrrria\\u00A0' is not a municipality of "
                            + "programme kosovo-albania-civil-society; did you mean Vushtrri?"))
                    .expectNoEvents();
        }

        @Test
        void cannotRegisterAProjectOfAnOrganisationUnderAnotherNameThanItsFirstProjects() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterProject(P, KEC, "KEC", false, "Media literacy clubs", null, null, null, null,
                            List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectException(ProjectRuleViolation.class)
                    .expectExceptionMessage("organisation kec is registered as \"Kosova Education Center (KEC)\"; "
                            + "register its projects under that name")
                    .expectNoEvents();
        }

        @Test
        void registersAnotherProjectOfAnOrganisationUnderTheNameItIsRegisteredAs() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterProject(P, KEC, " " + KEC_NAME + " ", false, "Media literacy clubs", null, null,
                            null, null, List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ProjectRegistered(P, KEC, KEC_NAME, false, "Media literacy clubs", null, null,
                            List.of(), List.of(), List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
        }

        /** Its name pasted with a no-break space after it was refused as another, naming the same-looking name. */
        @Test
        void registersAnotherProjectOfAnOrganisationUnderItsNameAsItShowsWhateverDoesNotShow() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterProject(P, KEC, "\u200B" + KEC_NAME + "\u00A0", false, "Media literacy clubs\u202F",
                            null, null, null, null, List.of("Gjilan"), LocalDate.of(2024, 1, 1),
                            LocalDate.of(2024, 12, 31)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ProjectRegistered(P, KEC, KEC_NAME, false, "Media literacy clubs", null, null,
                            List.of(), List.of(), List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
        }

        /**
         * Registered before names were trimmed of what shows nothing, a name kept with a no-break space at its end: it
         * refused every name that can be sent (that one too, trimmed). Recorded as registered.
         */
        @Test
        void anOrganisationRegisteredUnderANameWithASpaceThatShowsNothingStillGetsProjects() {
            Programme programme = ProjectFixtures.programme();
            FixtureConfiguration<Project> registeredBefore = fixtureFor(programme, ProjectFixtures.periods(programme),
                    Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC),
                    Map.of(KEC, KEC_NAME + "\u00A0"));
            for (String sent : List.of(KEC_NAME, KEC_NAME + "\u00A0")) {
                registeredBefore.givenNoPriorActivity()
                        .when(new RegisterProject(P, KEC, sent, false, "Media literacy clubs", null, null, null, null,
                                List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                        .expectEvents(new ProjectRegistered(P, KEC, KEC_NAME + "\u00A0", false, "Media literacy clubs",
                                null, null, List.of(), List.of(), List.of("Gjilan"), LocalDate.of(2024, 1, 1),
                                LocalDate.of(2024, 12, 31)));
            }
        }

        @Test
        void cannotRegisterAProjectThatEndsBeforeItStarts() {
            fixture.givenNoPriorActivity()
                    .when(register(List.of("Gjilan"), LocalDate.of(2024, 5, 1), LocalDate.of(2024, 4, 30)))
                    .expectException(ProjectRuleViolation.class)
                    .expectExceptionMessage("must not be before startDate 2024-05-01")
                    .expectNoEvents();
        }

        /** None and too many are one mistake in one wording, the request shape's too (CommandApiTest). */
        @Test
        void cannotRegisterAProjectWithoutMunicipalities() {
            fixture.givenNoPriorActivity()
                    .when(register(List.of(), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectException(violation("municipalities", "must have 1 to 50 entries")).expectNoEvents();
        }

        @Test
        void cannotRegisterAProjectInMoreThanFiftyMunicipalitiesAsSent() {
            fixture.givenNoPriorActivity()
                    .when(register(Collections.nCopies(Limits.MUNICIPALITIES_PER_PROJECT + 1, "Gjilan"),
                            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectException(violation("municipalities", "must have 1 to 50 entries")).expectNoEvents();
        }

        @Test
        void cannotRegisterAProjectInAnUnknownMunicipality() {
            fixture.givenNoPriorActivity()
                    .when(register(List.of("Gjilan", "Gotham"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotRegisterAProjectInAmbiguousMitrovica() {
            fixture.givenNoPriorActivity()
                    .when(register(List.of("Mitrovica"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectException(ProjectRuleViolation.class)
                    .expectExceptionMessage("'Mitrovica' is ambiguous: use one of [Mitrovicë e Jugut, Mitrovicë e Veriut]")
                    .expectNoEvents();
        }

        @Test
        void aRegistrationAgainstSeveralRulesIsRefusedNamingEveryFieldAtFault() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterProject(P, "nopm", "NOPM", false, " ", null, null, null, null,
                            List.of("Atlantis"), LocalDate.of(1066, 10, 14), null))
                    .expectException(faults(ProjectRuleViolation.class,
                            "title: must not be blank",
                            "municipalities[0]: 'Atlantis' is not a municipality of programme "
                                    + "kosovo-albania-civil-society",
                            "startDate: must be between 1900-01-01 and 2999-12-31",
                            "endDate: is required"))
                    .expectNoEvents();
        }

        @Test
        void cannotRegisterAProjectWithoutATitle() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterProject(P, "nopm", "NOPM", false, " ", null, null, null, null, List.of("Gjilan"),
                            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        /** Spaces that do not break, have no width or mark the byte order show nothing either: no title of them. */
        @Test
        void aTitleOrOrganisationOfOnlyInvisibleSpacesIsBlank() {
            for (String invisible : List.of("\u00A0", "\u202F", "\u2007", "\u200B", "\uFEFF", "\u3000",
                    "\u00A0\u200B ")) {
                fixture.givenNoPriorActivity()
                        .when(new RegisterProject(P, "nopm", invisible, false, invisible, null, null, null, null,
                                List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                        .expectException(faults(ProjectRuleViolation.class, "organisation: must not be blank",
                                "title: must not be blank"))
                        .expectNoEvents();
            }
            fixture.givenNoPriorActivity()
                    .when(new RegisterProject(P, "nopm", "NOPM", false, "\u00A0Citizens\u00A0decide", null, null, null,
                            null, List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void amendsTheEndDateWithAReason() {
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2025, 3, 31), "No-cost extension granted by the donor"))
                    .expectEvents(new ProjectDetailsAmended(P, null, null, null, null, null, null,
                            LocalDate.of(2025, 3, 31), "No-cost extension granted by the donor"));
        }

        @Test
        void cannotAmendWithoutChangingAnything() {
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null, null, "nothing"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void anAmendmentThatSetsEveryFieldItNamesToWhatItAlreadyIsIsRefusedNamingTheFirst() {
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            REGISTERED.endDate(), "Extension"))
                    .expectException(violation("endDate",
                            "is already the recorded value: an amendment must change at least one field"))
                    .expectNoEvents();
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, " " + REGISTERED.title(), REGISTERED.summary(),
                            REGISTERED.generalGoal(), REGISTERED.specificObjectives(), REGISTERED.targetGroups(),
                            List.of("Gjilani", "Kamenica"), REGISTERED.endDate(), "Resent as it was"))
                    .expectException(violation("title",
                            "is already the recorded value: an amendment must change at least one field"))
                    .expectNoEvents();
        }

        @Test
        void anAmendmentRecordsOnlyWhatItChangesAndComparesWithTheDetailsAsLastAmended() {
            LocalDate extended = LocalDate.of(2025, 3, 31);
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, REGISTERED.title(), null, null, null,
                            List.of("Citizens", "Village councils", "Schools"), null, extended, "Extension"))
                    .expectEvents(new ProjectDetailsAmended(P, null, null, null, null,
                            List.of("Citizens", "Village councils", "Schools"), null, extended, "Extension"));
            fixture.given(REGISTERED, new ProjectDetailsAmended(P, "New title", null, null, null, null, null, extended,
                            "Extension"))
                    .when(new AmendProjectDetails(P, null, "New title", null, null, null, null, null, extended,
                            "Extension again"))
                    .expectException(violation("title",
                            "is already the recorded value: an amendment must change at least one field"))
                    .expectNoEvents();
            fixture.given(REGISTERED, new ProjectDetailsAmended(P, "New title", null, null, null, null, null, extended,
                            "Extension"))
                    .when(new AmendProjectDetails(P, null, REGISTERED.title(), null, null, null, null, null,
                            REGISTERED.endDate(), "Back as registered"))
                    .expectEvents(new ProjectDetailsAmended(P, REGISTERED.title(), null, null, null, null, null,
                            REGISTERED.endDate(), "Back as registered"));
        }

        @Test
        void cannotAmendTheEndDateToBeforeTheStart() {
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2023, 12, 1), "shorter"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotAmendToAnUnknownMunicipality() {
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, List.of("Gjilan", "Gotham"),
                            null, "more places"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void aProjectAmendedAHundredTimesCannotBeAmendedAgain() {
            fixture.given(withEvents(REGISTERED, Limits.AMENDMENTS_PER_PROJECT, i -> new ProjectDetailsAmended(P,
                            "Title " + i, null, null, null, null, null, null, "rewording " + i)))
                    .when(new AmendProjectDetails(P, null, "Yet another title", null, null, null, null, null, null,
                            "rewording again"))
                    .expectException(violation("projectId", "already 100 amendments of this project, the most allowed"))
                    .expectNoEvents();
        }

        @Test
        void anAmendedTitleIsStoredWithoutTheSpaceAroundItAsARegisteredOneIs() {
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, "  Citizens in local decisions \n", null, null, null, null,
                            null, null, "Shorter title"))
                    .expectEvents(new ProjectDetailsAmended(P, "Citizens in local decisions", null, null, null, null,
                            null, null, "Shorter title"));
        }

        @Test
        void cannotAmendWithoutAReason() {
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, "New title", null, null, null, null, null, null, null))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }
    }

    @Nested
    class Indicators {

        @Test
        void definesAnIndicator() {
            fixture.given(REGISTERED)
                    .when(new DefineIndicator(P, null, "kits", "Citizen Investment Kits distributed", "count", "items",
                            "sum", 0.0, 400.0, List.of(new PeriodTarget("2024-Q2", 200)), null, List.of("municipality"), null))
                    .expectResultMessagePayload(new CommandResult("kits", 1))
                    .expectEvents(KITS);
        }

        @Test
        void cannotDefineTheSameIndicatorTwice() {
            fixture.given(REGISTERED, KITS).when(define("kits", "count", "items", "sum", List.of("sex"), "2024-Q2"))
                    .expectException(AlreadyRecorded.class).expectNoEvents();
        }

        @Test
        void cannotDefineAnIndicatorWithAnUnknownUnitCountingOrAggregation() {
            fixture.given(REGISTERED).when(define("x", "kilograms", "items", "sum", List.of(), "2024-Q2"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED).when(define("x", "count", "hours", "sum", List.of(), "2024-Q2"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED).when(define("x", "count", "items", "median", List.of(), "2024-Q2"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotDefineATargetForAPeriodTheProgrammeDoesNotHave() {
            fixture.given(REGISTERED).when(define("x", "count", "items", "sum", List.of(), "2024-Q7"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void aPeriodTargetMayNameOnlyAPeriodTheProjectsDatesOverlap() {
            fixture.given(REGISTERED)
                    .when(new DefineIndicator(P, null, "x", "Indicator", "count", "items", "sum", 0.0, 10.0,
                            List.of(new PeriodTarget("2024-Q1", 2), new PeriodTarget("2023-Q4", 1)), null, List.of(),
                            null))
                    .expectException(violation("periodTargets[1].periodId", "2023-Q4 (2023-10-01 to 2023-12-31) is "
                            + "outside the project's dates, 2024-01-01 to 2024-12-31"))
                    .expectNoEvents();
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", null, null, List.of(new PeriodTarget("2024-Q4", 400),
                            new PeriodTarget("2025-Q1", 400)), null, null, "Into the next year"))
                    .expectException(violation("periodTargets[1].periodId", "2025-Q1 (2025-01-01 to 2025-03-31) is "
                            + "outside the project's dates, 2024-01-01 to 2024-12-31"))
                    .expectNoEvents();
        }

        /** A project from the last day of 2024-Q1 to the first of 2024-Q4 runs in both, for a day each. */
        @Test
        void aPeriodTargetMayNameAPeriodThatOverlapsOnlyTheProjectsFirstOrLastDay() {
            ProjectRegistered oneDayInQ1AndQ4 = registered(LocalDate.of(2024, 3, 31), LocalDate.of(2024, 10, 1));
            List<PeriodTarget> firstAndLast = List.of(new PeriodTarget("2024-Q1", 1), new PeriodTarget("2024-Q4", 9));
            fixture.given(oneDayInQ1AndQ4)
                    .when(new DefineIndicator(P, null, "x", "Indicator", "count", "items", "sum", 0.0, 10.0,
                            firstAndLast, null, List.of(), null))
                    .expectEvents(new IndicatorDefined(P, "x", "Indicator", "count", "items", "sum", 0, 10,
                            firstAndLast, List.of()));
            fixture.given(oneDayInQ1AndQ4, KITS)
                    .when(new RedefineIndicator(P, null, "kits", null, null, firstAndLast, null, null, "By quarter"))
                    .expectEvents(new IndicatorRedefined(P, "kits", null, null, firstAndLast, null, "By quarter"));
            fixture.given(oneDayInQ1AndQ4)
                    .when(new DefineIndicator(P, null, "x", "Indicator", "count", "items", "sum", 0.0, 10.0,
                            List.of(new PeriodTarget("2023-Q4", 1)), null, List.of(), null))
                    .expectException(violation("periodTargets[0].periodId")).expectNoEvents();
            // A target that names no period is one of a member left out, not of a period called 'null'.
            fixture.given(oneDayInQ1AndQ4)
                    .when(new DefineIndicator(P, null, "x", "Indicator", "count", "items", "sum", 0.0, 10.0,
                            List.of(new PeriodTarget(null, 1)), null, List.of(), null))
                    .expectException(violation("periodTargets[0].periodId", "is required")).expectNoEvents();
        }

        @Test
        void cannotBreakAnIndicatorDownByAnUnknownDimension() {
            fixture.given(REGISTERED).when(define("x", "count", "items", "sum", List.of("religion"), "2024-Q2"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void changingABreakdownIsAnEventThatKeepsWhatWasReported() {
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", null, null, null, null, List.of("municipality", "sex"),
                            "Donor asks for a breakdown by sex"))
                    .expectEvents(new IndicatorRedefined(P, "kits", null, null, null, List.of("municipality", "sex"),
                            "Donor asks for a breakdown by sex"));
        }

        @Test
        void anIndicatorsNameMayBeNeitherBlankNorLeftOut() {
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", "   ", null, null, null, null, "Shorter name"))
                    .expectException(violation("name", "must not be blank")).expectNoEvents();
            fixture.given(REGISTERED)
                    .when(new DefineIndicator(P, null, "kits", null, "count", "items", "sum", 0.0, 400.0, null, null,
                            null, null))
                    .expectException(violation("name", "is required")).expectNoEvents();
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", "Kits handed out", null, null, null, null, "Clearer name"))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aNewNameIsStoredWithoutTheSpaceAroundItAsADefinedOneIs() {
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", " Kits handed out\t", null, null, null, null, "Clearer name"))
                    .expectEvents(new IndicatorRedefined(P, "kits", "Kits handed out", null, null, null,
                            "Clearer name"));
        }

        @Test
        void theHundredAndFirstIndicatorIsRefused() {
            fixture.given(withIndicators(Limits.INDICATORS_PER_PROJECT))
                    .when(define("one-too-many", "count", "items", "sum", List.of(), "2024-Q2"))
                    .expectException(violation("indicatorId", "already 100 indicators in this project, the most allowed"))
                    .expectNoEvents();
        }

        @Test
        void anIndicatorRedefinedAHundredTimesCannotBeRedefinedAgainWhileOthersStillCan() {
            List<Object> history = withEvents(REGISTERED, Limits.REDEFINITIONS_PER_INDICATOR, i ->
                    new IndicatorRedefined(P, "kits", null, 400.0 + i, null, null, "revised target " + i));
            history.add(1, KITS);
            history.add(2, REACHED);
            fixture.given(history)
                    .when(new RedefineIndicator(P, null, "kits", null, 999.0, null, null, null, "once more"))
                    .expectException(violation("indicatorId", "already 100 redefinitions of indicator kits, the most allowed"))
                    .expectNoEvents();
            fixture.given(history)
                    .when(new RedefineIndicator(P, null, "citizens", null, 999.0, null, null, null, "revised target"))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void moreThanFortyPeriodTargetsAreRefusedEvenWhereTheProgrammeHasMorePeriods() {
            List<PeriodTarget> targets = new ArrayList<>();
            for (int i = 0; i <= Limits.PERIOD_TARGETS_PER_INDICATOR; i++) {
                targets.add(new PeriodTarget("period-" + i, 1));
            }
            // The shipped programme's 20 periods could never take 41 distinct targets: the limit must hold anyway.
            FixtureConfiguration<Project> fixture = fixtureFor(programmeWithPeriods(targets.size()));
            fixture.given(REGISTERED)
                    .when(new DefineIndicator(P, null, "x", "Indicator", "count", "items", "sum", 0.0, 10.0, targets, null,
                            List.of(), null))
                    .expectException(violation("periodTargets", "must have at most 40 entries"))
                    .expectNoEvents();
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", null, null, targets, null, null, "every period"))
                    .expectException(violation("periodTargets", "must have at most 40 entries"))
                    .expectNoEvents();
        }

        @Test
        void aMeasurementBrokenDownIntoMoreThanFiftyEntriesIsRefused() {
            // Only a project in every municipality has 51 categories to break a value down into.
            Programme programme = ProjectFixtures.programme();
            List<String> everywhere = programme.municipalities().stream().map(Programme.Municipality::name).toList();
            List<String> keys = new ArrayList<>();
            programme.sexCategories().forEach(category -> keys.add("sex:" + category));
            programme.ageBands().forEach(category -> keys.add("age-band:" + category));
            programme.communities().forEach(category -> keys.add("community:" + category));
            everywhere.forEach(place -> keys.add("municipality:" + place));
            Map<String, Double> breakdown = new LinkedHashMap<>();
            keys.stream().limit(Limits.MEASUREMENT_BREAKDOWN_ENTRIES + 1).forEach(key -> breakdown.put(key, 1.0));
            ProjectRegistered inEveryMunicipality = new ProjectRegistered(P, REGISTERED.organisationId(),
                    REGISTERED.organisation(), false, REGISTERED.title(), REGISTERED.summary(),
                    REGISTERED.generalGoal(), REGISTERED.specificObjectives(), REGISTERED.targetGroups(), everywhere, REGISTERED.startDate(),
                    REGISTERED.endDate());
            fixture.given(inEveryMunicipality, REACHED)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "survey-1", TODAY, 51.0, null, breakdown,
                            null, null))
                    .expectException(violation("breakdown", "must have at most 50 entries"))
                    .expectNoEvents();
        }

        @Test
        void cannotDefineANegativeTarget() {
            fixture.given(REGISTERED)
                    .when(new DefineIndicator(P, null, "x", "Indicator", "count", "items", "sum", 0.0, -5.0, List.of(), null,
                            List.of(), null))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotRedefineWithoutChangingAnything() {
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", null, null, null, null, null, "because"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void aRedefinitionThatSetsEveryFieldItNamesToWhatItAlreadyIsIsRefusedNamingTheFirst() {
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", null, 400.0, null, null, null, "Same target"))
                    .expectException(violation("target",
                            "is already the recorded value: a redefinition must change at least one field"))
                    .expectNoEvents();
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", KITS.name() + " ", 400.0, KITS.periodTargets(), null,
                            KITS.dimensions(), "Resent as it was"))
                    .expectException(violation("name",
                            "is already the recorded value: a redefinition must change at least one field"))
                    .expectNoEvents();
        }

        @Test
        void aRedefinitionRecordsOnlyWhatItChangesAndComparesWithTheDefinitionAsLastRedefined() {
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", KITS.name(), 500.0, KITS.periodTargets(), null,
                            List.of("municipality", "sex"), "Higher target, by sex"))
                    .expectEvents(new IndicatorRedefined(P, "kits", null, 500.0, null, List.of("municipality", "sex"),
                            "Higher target, by sex"));
            IndicatorRedefined raised = new IndicatorRedefined(P, "kits", null, 500.0,
                    List.of(new PeriodTarget("2024-Q2", 250)), null, "Higher target");
            fixture.given(REGISTERED, KITS, raised)
                    .when(new RedefineIndicator(P, null, "kits", null, null, List.of(new PeriodTarget("2024-Q2", 250)), null,
                            null, "Again"))
                    .expectException(violation("periodTargets",
                            "is already the recorded value: a redefinition must change at least one field"))
                    .expectNoEvents();
            fixture.given(REGISTERED, KITS, raised)
                    .when(new RedefineIndicator(P, null, "kits", null, 400.0, null, null, null, "Back to the first target"))
                    .expectEvents(new IndicatorRedefined(P, "kits", null, 400.0, null, null,
                            "Back to the first target"));
        }

        @Test
        void cannotMeasureAnUnknownIndicator() {
            fixture.given(REGISTERED)
                    .when(new RecordIndicatorMeasurement(P, null, "nope", "m-1", TODAY, 1.0, null, null, null, null))
                    .expectException(UnknownIndicator.class).expectNoEvents();
        }

        @Test
        void cannotRecordTheSameMeasurementTwice() {
            fixture.given(REGISTERED, REACHED, new IndicatorMeasured(P, "citizens", "m-1", TODAY, 1.0, null, Map.of(), null))
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "m-1", TODAY, 1.0, null, null, null, null))
                    .expectException(alreadyRecorded("measurementId", true)).expectNoEvents();
        }

        @Test
        void aMeasurementStatedAgainWithOtherOrRefusedFactsIsRefusedAsAlreadyRecordedSayingTheyDiffer() {
            var measured = new IndicatorMeasured(P, "citizens", "m-1", TODAY, 1.0, null, Map.of(), null);
            fixture.given(REGISTERED, REACHED, measured)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "m-1", TODAY, 2.0, null, null, null, null))
                    .expectException(alreadyRecorded("measurementId", false))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString(
                            "/api/projects/" + P + "/indicators/citizens/measurements/m-1/corrections"))
                    .expectNoEvents();
            fixture.given(REGISTERED, REACHED, measured)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "m-1", TODAY, -1.0, null, null, null, null))
                    .expectException(alreadyRecorded("measurementId", false)).expectNoEvents();
        }

        @Test
        void cannotRedefineAnUnknownIndicator() {
            fixture.given(REGISTERED)
                    .when(new RedefineIndicator(P, null, "nope", "x", null, null, null, null, "because"))
                    .expectException(UnknownIndicator.class).expectNoEvents();
        }

        @Test
        void recordsADirectMeasurement() {
            fixture.given(REGISTERED, REACHED)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "survey-1", LocalDate.of(2024, 6, 1),
                            420.0, "Kamenica", Map.of("sex:female", 230.0), null, null))
                    .expectEvents(new IndicatorMeasured(P, "citizens", "survey-1", LocalDate.of(2024, 6, 1), 420.0,
                            "Kamenicë", Map.of("sex:female", 230.0), null));
        }

        @Test
        void aMeasurementBrokenDownByADimensionTheProgrammeDoesNotKnowIsRefusedSoNoPersonalDataIsRecorded() {
            for (String key : List.of("name:arta-krasniqi", "id:1985-04-12", "arta-krasniqi", "Sex:female")) {
                fixture.given(REGISTERED, REACHED)
                        .when(measureBrokenDown(Map.of(key, 1.0)))
                        .expectException(violation("breakdown." + key,
                                "must be dimension:category, the dimension one of [sex, age-band, community, municipality]"))
                        .expectNoEvents();
            }
        }

        @Test
        void aMeasurementBrokenDownIntoACategoryItsDimensionDoesNotHaveIsRefused() {
            fixture.given(REGISTERED, REACHED)
                    .when(measureBrokenDown(Map.of("sex:female", 200.0, "sex:arta-krasniqi", 1.0)))
                    .expectException(violation("breakdown.sex:arta-krasniqi",
                            "is not a category of sex; use [female, male]"))
                    .expectNoEvents();
            fixture.given(REGISTERED, REACHED)
                    .when(measureBrokenDown(Map.of("age-band:1985-04-12", 1.0)))
                    .expectException(violation("breakdown.age-band:1985-04-12",
                            "is not a category of age-band; use [under-15, 15-17, 18-24, 25-34, 35-64, 65-plus]"))
                    .expectNoEvents();
            fixture.given(REGISTERED, REACHED)
                    .when(measureBrokenDown(Map.of("municipality:Ferizaj", 1.0)))
                    .expectException(violation("breakdown.municipality:Ferizaj",
                            "'Ferizaj' is not one of the project's municipalities [Gjilan, Kamenicë]"))
                    .expectNoEvents();
            Map<String, Double> samePlaceTwice = new LinkedHashMap<>();
            samePlaceTwice.put("municipality:kamenica", 1.0);
            samePlaceTwice.put("municipality:Kamenicë", 2.0);
            fixture.given(REGISTERED, REACHED)
                    .when(measureBrokenDown(samePlaceTwice))
                    .expectException(violation("breakdown.municipality:Kamenicë",
                            "is municipality:Kamenicë, which another key already names"))
                    .expectNoEvents();
        }

        @Test
        void aMeasurementBrokenDownByTheProgrammesCategoriesRecordsEachMunicipalityAsTheProgrammeSpellsIt() {
            fixture.given(REGISTERED, REACHED)
                    .when(measureBrokenDown(Map.of("sex:female", 230.0, "age-band:18-24", 120.0,
                            "community:roma", 12.0, "municipality:kamenica", 300.0, "municipality:Gjilan", 120.0)))
                    .expectEvents(new IndicatorMeasured(P, "citizens", "survey-1", TODAY, 420.0, null,
                            Map.of("sex:female", 230.0, "age-band:18-24", 120.0, "community:roma", 12.0,
                                    "municipality:Kamenicë", 300.0, "municipality:Gjilan", 120.0), null));
        }

        @Test
        void aMeasurementRecordedBeforeTheVocabularyWithAnotherKeyStaysInTheHistoryAndBlocksNothing() {
            IndicatorMeasured before = new IndicatorMeasured(P, "citizens", "survey-0", TODAY.minusDays(30), 10.0,
                    null, Map.of("school:school-1", 10.0), null);
            fixture.given(REGISTERED, REACHED, before)
                    .when(measureBrokenDown(Map.of("sex:female", 230.0)))
                    .expectSuccessfulHandlerExecution();
        }

        private RecordIndicatorMeasurement measureBrokenDown(Map<String, Double> breakdown) {
            return new RecordIndicatorMeasurement(P, null, "citizens", "survey-1", TODAY, 420.0, null, breakdown,
                    null, null);
        }

        @Test
        void cannotMeasureAnIndicatorInTheFuture() {
            fixture.given(REGISTERED, REACHED)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "survey-1", TODAY.plusDays(1), 1.0,
                            null, null, null, null))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotMeasureANegativeValue() {
            fixture.given(REGISTERED, REACHED)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "survey-1", TODAY, -1.0, null, null, null, null))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        private DefineIndicator define(String id, String unit, String counts, String aggregation, List<String> dims,
                                       String period) {
            return new DefineIndicator(P, null, id, "Indicator", unit, counts, aggregation, 0.0, 10.0,
                    List.of(new PeriodTarget(period, 5)), null, dims, null);
        }
    }

    /**
     * An indicator's unit bounds the numbers it takes: a yes-no indicator's are answers, 0 (no) or 1 (yes), a percent
     * indicator's shares, 0 to 100. A 7 there was shown as "7 (yes/no)", 700 % of target, and moved the project's
     * progress.
     */
    @Nested
    class Units {

        private static final String YES_NO = "must be 0 (no) or 1 (yes) for a yes-no indicator";
        private static final String SHARE = "must be between 0 and 100 (a share in percent) for a percent indicator";
        private final IndicatorDefined opened = new IndicatorDefined(P, "opened", "Information office opened",
                "yes-no", "measured", "latest", 0, 1, List.of(), List.of("municipality"));
        private final IndicatorDefined aware = new IndicatorDefined(P, "aware", "Citizens aware of budgeting",
                "percent", "measured", "average", 20, 60, List.of(), List.of("sex"));
        private final IndicatorMeasured yes = new IndicatorMeasured(P, "opened", "m-1", TODAY, 1.0, null, null, null);
        private final IndicatorMeasured half = new IndicatorMeasured(P, "aware", "m-2", TODAY, 50.0, null, null, null);

        @Test
        void aYesNoIndicatorsMeasurementOtherThanZeroOrOneIsRefusedNamingTheValue() {
            refusesMeasuring(opened, YES_NO, 7.0, 2.0, 0.5);
        }

        @Test
        void aPercentIndicatorsMeasurementAboveAHundredIsRefusedNamingTheValue() {
            refusesMeasuring(aware, SHARE, 150.0, 100.5);
        }

        private void refusesMeasuring(IndicatorDefined indicator, String message, double... values) {
            for (double value : values) {
                fixture.given(REGISTERED, indicator)
                        .when(measure(indicator.indicatorId(), value, null))
                        .expectException(violation("value", message))
                        .expectNoEvents();
            }
        }

        @Test
        void aCorrectionToANumberItsUnitDoesNotTakeIsRefusedNamingCorrectedValue() {
            fixture.given(REGISTERED, opened, yes)
                    .when(correct("opened", "m-1", 7.0, null))
                    .expectException(violation("corrected.value", YES_NO))
                    .expectNoEvents();
            fixture.given(REGISTERED, aware, half)
                    .when(correct("aware", "m-2", 150.0, null))
                    .expectException(violation("corrected.value", SHARE))
                    .expectNoEvents();
        }

        @Test
        void aBreakdownOfAYesNoOrPercentMeasurementIsHeldToItsUnitNamingTheKeyAsSent() {
            fixture.given(REGISTERED, opened)
                    .when(measure("opened", 1.0, Map.of("municipality:gjilan", 3.0)))
                    .expectException(violation("breakdown.municipality:gjilan", YES_NO))
                    .expectNoEvents();
            fixture.given(REGISTERED, aware)
                    .when(measure("aware", 50.0, Map.of("sex:female", 120.0)))
                    .expectException(violation("breakdown.sex:female", SHARE))
                    .expectNoEvents();
            fixture.given(REGISTERED, aware, half)
                    .when(correct("aware", "m-2", 50.0, Map.of("sex:female", 120.0)))
                    .expectException(violation("corrected.breakdown.sex:female", SHARE))
                    .expectNoEvents();
        }

        /** A count's parts split what it counted; a share's are each their own share, and add up to anything. */
        @Test
        void aCountsBreakdownCoveringMoreThanItsValueIsRefusedAndAShareIsNot() {
            IndicatorDefined surveyed = new IndicatorDefined(P, "surveyed", "Citizens surveyed", "count", "measured",
                    "sum", 0, 400, List.of(), List.of("sex"));
            fixture.given(REGISTERED, surveyed)
                    .when(measure("surveyed", 10.0, Map.of("sex:female", 40.0, "sex:male", 40.0)))
                    .expectException(violation("breakdown", "the sex parts add up to 80, more than the value of 10"))
                    .expectNoEvents();
            IndicatorMeasured ten = new IndicatorMeasured(P, "surveyed", "m-3", TODAY, 10.0, null, null, null);
            fixture.given(REGISTERED, surveyed, ten)
                    .when(correct("surveyed", "m-3", 10.0, Map.of("sex:female", 6.0, "sex:male", 4.5)))
                    .expectException(violation("corrected.breakdown", "the sex parts add up to 10.5, more than the"
                            + " value of 10"))
                    .expectNoEvents();
            // Each dimension alone: six women and four men, and ten of them in Gjilan.
            fixture.given(REGISTERED, surveyed)
                    .when(measure("surveyed", 10.0, Map.of("sex:female", 6.0, "sex:male", 4.0,
                            "municipality:Gjilan", 10.0)))
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, aware)
                    .when(measure("aware", 50.0, Map.of("sex:female", 60.0, "sex:male", 40.0)))
                    .expectSuccessfulHandlerExecution();
            // Added as the decimals sent: as doubles, 0.1 and 0.2 make more than 0.3.
            fixture.given(REGISTERED, surveyed)
                    .when(measure("surveyed", 0.3, Map.of("sex:female", 0.1, "sex:male", 0.2)))
                    .expectSuccessfulHandlerExecution();
        }

        /** Both at once, as every fault of a definition is named: the client fixes them all in one go. */
        @Test
        void aDefinitionWhoseBaselineOrTargetItsUnitDoesNotTakeIsRefusedNamingEach() {
            fixture.given(REGISTERED)
                    .when(define("yes-no", 2.0, 7.0))
                    .expectException(faults(ProjectRuleViolation.class, "baseline: " + YES_NO, "target: " + YES_NO))
                    .expectNoEvents();
            fixture.given(REGISTERED)
                    .when(define("percent", 20.0, 150.0))
                    .expectException(faults(ProjectRuleViolation.class, "target: " + SHARE))
                    .expectNoEvents();
        }

        /** A target for a period or a place is the indicator's number as its life-of-project target is. */
        @Test
        void aTargetPerPeriodOrPerPlaceItsUnitDoesNotTakeIsRefusedNamingIt() {
            fixture.given(REGISTERED)
                    .when(new DefineIndicator(P, null, "x", "Indicator", "yes-no", "measured", "latest", 0.0, 1.0,
                            List.of(new PeriodTarget("2024-Q2", 2)), List.of(new MunicipalityTarget("Gjilan", 1)),
                            List.of(), null))
                    .expectException(faults(ProjectRuleViolation.class, "periodTargets[0].target: " + YES_NO))
                    .expectNoEvents();
            fixture.given(REGISTERED, aware)
                    .when(new RedefineIndicator(P, null, "aware", null, null, null,
                            List.of(new MunicipalityTarget("Kamenicë", 60), new MunicipalityTarget("Gjilan", 101)),
                            null, "Gjilan beyond everyone"))
                    .expectException(violation("municipalityTargets[1].target", SHARE))
                    .expectNoEvents();
        }

        @Test
        void aRedefinitionToATargetItsUnitDoesNotTakeIsRefused() {
            fixture.given(REGISTERED, opened)
                    .when(new RedefineIndicator(P, null, "opened", null, 2.0, null, null, null, "Two offices"))
                    .expectException(violation("target", YES_NO))
                    .expectNoEvents();
            fixture.given(REGISTERED, aware)
                    .when(new RedefineIndicator(P, null, "aware", null, 120.0, null, null, null, "Everyone and more"))
                    .expectException(violation("target", SHARE))
                    .expectNoEvents();
        }

        @Test
        void aYesNoIndicatorTakesOneAndZeroAPercentOneAHundredAndACountOrScoreAnyNumberOfTheRange() {
            fixture.given(REGISTERED)
                    .when(define("yes-no", 0.0, 1.0))
                    .expectEvents(new IndicatorDefined(P, "x", "Indicator", "yes-no", "measured", "latest", 0, 1,
                            List.of(), List.of()));
            fixture.given(REGISTERED, opened)
                    .when(measure("opened", 1.0, Map.of("municipality:Gjilan", 1.0, "municipality:Kamenicë", 0.0)))
                    .expectEvents(new IndicatorMeasured(P, "opened", "m-9", TODAY, 1.0, null,
                            Map.of("municipality:Gjilan", 1.0, "municipality:Kamenicë", 0.0), null));
            fixture.given(REGISTERED, opened, yes)
                    .when(correct("opened", "m-1", 0.0, null))
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, opened)
                    .when(new RedefineIndicator(P, null, "opened", null, 0.0, null, null, null, "Closed instead"))
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED)
                    .when(define("percent", 0.0, 100.0))
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, aware)
                    .when(measure("aware", 100.0, Map.of("sex:female", 100.0)))
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, aware, half)
                    .when(correct("aware", "m-2", 100.0, Map.of("sex:male", 100.0)))
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, aware)
                    .when(new RedefineIndicator(P, null, "aware", null, 100.0, null, null, null, "Everyone"))
                    .expectSuccessfulHandlerExecution();
            for (String unit : List.of("count", "score")) {
                fixture.given(REGISTERED)
                        .when(define(unit, 7.0, 150.0))
                        .expectSuccessfulHandlerExecution();
            }
            fixture.given(REGISTERED, REACHED)
                    .when(measure("citizens", 150.0, Map.of("sex:female", 120.0)))
                    .expectSuccessfulHandlerExecution();
        }

        private DefineIndicator define(String unit, double baseline, double target) {
            return new DefineIndicator(P, null, "x", "Indicator", unit, "measured", "latest", baseline, target,
                    List.of(), null, List.of(), null);
        }

        private RecordIndicatorMeasurement measure(String indicatorId, double value, Map<String, Double> breakdown) {
            return new RecordIndicatorMeasurement(P, null, indicatorId, "m-9", TODAY, value, null, breakdown, null,
                    null);
        }

        private CorrectMeasurement correct(String indicatorId, String measurementId, double value,
                                           Map<String, Double> breakdown) {
            return new CorrectMeasurement(P, null, indicatorId, measurementId, TODAY, value, null, breakdown, null,
                    "Recounted");
        }
    }

    @Nested
    class MunicipalityTargets {

        private static final IndicatorRedefined KAMENICE_ONLY = new IndicatorRedefined(P, "kits", null, null, null,
                null, "Gjilan has its own kits programme", places("Kamenicë", 150));

        @Test
        void givenAProjectWhenDefinedWithTargetsPerMunicipalityThenEachPlaceIsStoredAsTheProgrammeSpellsIt() {
            fixture.given(REGISTERED)
                    .when(defineKits(places("Gjilani", 200, "kamenica", 200)))
                    .expectEvents(new IndicatorDefined(P, "kits", KITS.name(), "count", "items", "sum", 0, 400,
                            KITS.periodTargets(), KITS.dimensions(), List.of(new MunicipalityTarget("Gjilan", 200),
                            new MunicipalityTarget("Kamenicë", 200))));
        }

        @Test
        void givenAProjectWhenATargetNamesAPlaceOutsideItThenTheEntrysMunicipalityIsNamedAndNothingRecorded() {
            fixture.given(REGISTERED)
                    .when(defineKits(places("Gjilan", 200, "Ferizaj", 200)))
                    .expectException(violation("municipalityTargets[1].municipality",
                            "'Ferizaj' is not one of the project's municipalities [Gjilan, Kamenicë]"))
                    .expectNoEvents();
            fixture.given(REGISTERED)
                    .when(defineKits(places("Gotham", 200)))
                    .expectException(violation("municipalityTargets[0].municipality",
                            "'Gotham' is not a municipality of programme kosovo-albania-civil-society"))
                    .expectNoEvents();
            fixture.given(REGISTERED)
                    .when(defineKits(places(null, 200)))
                    .expectException(violation("municipalityTargets[0].municipality", "must name a municipality"))
                    .expectNoEvents();
            fixture.given(REGISTERED)
                    .when(defineKits(java.util.Arrays.asList(new MunicipalityTarget("Gjilan", 200), null)))
                    .expectException(violation("municipalityTargets[1]", "is required"))
                    .expectNoEvents();
        }

        @Test
        void givenAProjectWhenAPlaceIsNamedTwiceEvenByAnAliasThenTheSecondEntryIsRefused() {
            fixture.given(REGISTERED)
                    .when(defineKits(places("Kamenicë", 200, "kamenica", 100)))
                    .expectException(violation("municipalityTargets[1].municipality",
                            "is Kamenicë, which another entry already names"))
                    .expectNoEvents();
        }

        @Test
        void givenAProjectWhenATargetPerMunicipalityIsNegativeOrOutOfRangeThenItIsRefusedAsATargetIs() {
            for (double target : new double[]{-1, 1e-7, 1e16, Double.NaN}) {
                fixture.given(REGISTERED)
                        .when(defineKits(places("Gjilan", target)))
                        .expectException(violation("municipalityTargets[0].target",
                                "must be 0 or between 0.000001 and 1000000000000000 (1e-6 to 1e15)"))
                        .expectNoEvents();
            }
        }

        @Test
        void givenAProjectInTwoMunicipalitiesWhenThreeTargetsAreSentThenTheListIsRefusedBeforeAnyNameIsRead() {
            fixture.given(REGISTERED)
                    .when(defineKits(places("Gjilan", 1, "Kamenicë", 1, "Gotham", 1)))
                    .expectException(violation("municipalityTargets", "must have at most 2 entries"))
                    .expectNoEvents();
        }

        @Test
        void givenAnIndicatorWhenItsTargetsPerMunicipalityAreRedefinedThenTheEventStatesThemAllAsTheyNowStand() {
            fixture.given(REGISTERED, KITS)
                    .when(redefineKits(places("Kamenica", 150), KAMENICE_ONLY.reason()))
                    .expectEvents(KAMENICE_ONLY);
            fixture.given(REGISTERED, KITS, KAMENICE_ONLY)
                    .when(redefineKits(List.of(), "Targets per place dropped"))
                    .expectEvents(new IndicatorRedefined(P, "kits", null, null, null, null, "Targets per place dropped",
                            List.of()));
        }

        @Test
        void givenAnIndicatorWhenTheSameTargetsPerMunicipalityAreSentAgainThenTheyAreRefusedAsChangingNothing() {
            fixture.given(REGISTERED, KITS, KAMENICE_ONLY)
                    .when(redefineKits(places("kamenica", 150), "Again"))
                    .expectException(violation("municipalityTargets",
                            "is already the recorded value: a redefinition must change at least one field"))
                    .expectNoEvents();
            fixture.given(REGISTERED, KITS)
                    .when(redefineKits(List.of(), "None, as before"))
                    .expectException(violation("municipalityTargets",
                            "is already the recorded value: a redefinition must change at least one field"))
                    .expectNoEvents();
        }

        /** A target per place is a set: sent in another order, the same targets are stored in one and change nothing. */
        @Test
        void givenTargetsPerMunicipalityWhenTheSameAreSentInAnotherOrderThenTheyAreRefusedAsChangingNothing() {
            IndicatorDefined both = new IndicatorDefined(P, "kits", KITS.name(), "count", "items", "sum", 0, 400,
                    KITS.periodTargets(), KITS.dimensions(), places("Gjilan", 200, "Kamenicë", 100));
            fixture.given(REGISTERED)
                    .when(defineKits(places("kamenica", 100, "Gjilan", 200)))
                    .expectEvents(both);
            fixture.given(REGISTERED, both)
                    .when(redefineKits(places("Kamenicë", 100, "Gjilan", 200), "Reordered"))
                    .expectException(violation("municipalityTargets",
                            "is already the recorded value: a redefinition must change at least one field"))
                    .expectNoEvents();
        }

        @Test
        void givenAnIndicatorWhenARedefinitionNamesAPlaceOutsideTheProjectThenTheEntryIsNamedAndNothingRecorded() {
            fixture.given(REGISTERED, KITS)
                    .when(redefineKits(places("Kamenicë", 1, "Ferizaj", 1),
                            "Wrong place"))
                    .expectException(violation("municipalityTargets[1].municipality",
                            "'Ferizaj' is not one of the project's municipalities [Gjilan, Kamenicë]"))
                    .expectNoEvents();
        }

        @Test
        void givenAnIndicatorWithoutTargetsPerMunicipalityWhenOtherFieldsAreRedefinedThenTheyStayUnstated() {
            fixture.given(REGISTERED, KITS)
                    .when(new RedefineIndicator(P, null, "kits", null, 500.0, null, null, null, "Higher target"))
                    .expectEvents(new IndicatorRedefined(P, "kits", null, 500.0, null, null, "Higher target"));
        }

        /** Targets per municipality from places and targets in turn: "Gjilan", 200, "Kamenicë", 150. */
        private static List<MunicipalityTarget> places(Object... placesAndTargets) {
            List<MunicipalityTarget> targets = new ArrayList<>();
            for (int i = 0; i < placesAndTargets.length; i += 2) {
                targets.add(new MunicipalityTarget((String) placesAndTargets[i],
                        ((Number) placesAndTargets[i + 1]).doubleValue()));
            }
            return targets;
        }

        private DefineIndicator defineKits(List<MunicipalityTarget> targets) {
            return new DefineIndicator(P, null, "kits", KITS.name(), "count", "items", "sum", 0.0, 400.0,
                    KITS.periodTargets(), targets, KITS.dimensions(), null);
        }

        private RedefineIndicator redefineKits(List<MunicipalityTarget> targets, String reason) {
            return new RedefineIndicator(P, null, "kits", null, null, null, targets, null, reason);
        }
    }

    @Nested
    class PlannedActivities {

        @Test
        void plansAnActivityOfTheLogframe() {
            fixture.given(REGISTERED, KITS)
                    .when(new PlanActivity(P, null, "kit-distribution",
                            "Distribute 200 Citizen Investment Kits in each municipality", "materials-distributed", 2,
                            List.of("kits")))
                    .expectEvents(KIT_DISTRIBUTION);
        }

        @Test
        void cannotPlanAnActivityOfAnUnknownType() {
            fixture.given(REGISTERED)
                    .when(new PlanActivity(P, null, "x", "Party", "party-thrown", 1, List.of()))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        /** Ten million, as participants: a planned count past it is a slip that would make every target unreachable. */
        @Test
        void aPlannedCountPastTenMillionIsRefused() {
            fixture.given(REGISTERED)
                    .when(new PlanActivity(P, null, "x", "Kits", "materials-distributed", ActivityRules.MAX_COUNT + 1,
                            List.of()))
                    .expectException(violation("plannedCount", "must be at most 10000000")).expectNoEvents();
            fixture.given(REGISTERED)
                    .when(new PlanActivity(P, null, "x", "Kits", "materials-distributed", ActivityRules.MAX_COUNT,
                            List.of()))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void cannotPlanTheSameActivityTwice() {
            fixture.given(REGISTERED, KITS, KIT_DISTRIBUTION)
                    .when(new PlanActivity(P, null, "kit-distribution", "Again", "materials-distributed", 1, List.of()))
                    .expectException(AlreadyRecorded.class).expectNoEvents();
        }

        @Test
        void theTwoHundredAndFirstPlannedActivityIsRefused() {
            fixture.given(withEvents(REGISTERED, Limits.PLANNED_ACTIVITIES_PER_PROJECT, i -> new ActivityPlanned(P,
                            "plan-" + i, "Workshop " + i, "meeting-held", 1, List.of())))
                    .when(new PlanActivity(P, null, "one-too-many", "Another workshop", "meeting-held", 1, List.of()))
                    .expectException(violation("plannedActivityId",
                            "already 200 planned activities in this project, the most allowed"))
                    .expectNoEvents();
        }

        @Test
        void aPlannedActivityNamingAnIndicatorTwiceIsRefused() {
            fixture.given(REGISTERED, KITS)
                    .when(new PlanActivity(P, null, "x", "Kits", "materials-distributed", 1, List.of("kits", "kits")))
                    .expectException(violation("indicatorIds[1]", "names 'kits' again: each indicator at most once"))
                    .expectNoEvents();
        }

        @Test
        void aPlannedActivityNamingMoreThanTwentyIndicatorsIsRefused() {
            fixture.given(withIndicators(Limits.INDICATORS_PER_ACTIVITY + 1))
                    .when(new PlanActivity(P, null, "x", "Kits", "materials-distributed", 1,
                            indicatorIds(Limits.INDICATORS_PER_ACTIVITY + 1)))
                    .expectException(violation("indicatorIds", "must have at most 20 entries"))
                    .expectNoEvents();
        }

        @Test
        void cannotPlanAnActivityForAnUnknownIndicator() {
            fixture.given(REGISTERED)
                    .when(new PlanActivity(P, null, "x", "Kits", "materials-distributed", 1, List.of("nope")))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }
    }

    @Nested
    class Activities {

        @Test
        void recordsADeliveredTrainingAndAnswersTheNewVersion() {
            TrainingDelivered training = training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.bySex(18, 14, 3));
            fixture.given(REGISTERED, REACHED)
                    .when(record(training))
                    .expectResultMessagePayload(new CommandResult("t-1", 2))
                    .expectEvents(training);
        }

        @Test
        void recordsKitsDistributedForAPlannedActivity() {
            var kits = new MaterialsDistributed(P, "kits-gjilan", "Kits distributed in Gjilan", LocalDate.of(2024, 4, 2),
                    "Gjilani", null, "kit-distribution", List.of("kits"), "Citizen Investment Kit", 200);
            fixture.given(REGISTERED, KITS, KIT_DISTRIBUTION)
                    .when(record(kits))
                    .expectEvents(new MaterialsDistributed(P, "kits-gjilan", "Kits distributed in Gjilan",
                            LocalDate.of(2024, 4, 2), "Gjilan", null, "kit-distribution", List.of("kits"),
                            "Citizen Investment Kit", 200));
        }

        @Test
        void recordsABudgetHearingAndAnAdoptedRegulation() {
            var hearing = new MeetingHeld(P, "hearing-1", "Budget hearing", LocalDate.of(2024, 5, 2), "Gjilan",
                    new Participants(60, Map.of("female", 25, "male", 30), Map.of("35-64", 40),
                            Map.of("albanian", 50, "serb", 6)), null, List.of(), "budget-hearing",
                    "Municipality of Gjilan, budget and finance department");
            var regulation = new RegulationProgressed(P, "reg-1", "Regulation on public consultations adopted",
                    LocalDate.of(2024, 6, 1), "Gjilan", null, null, List.of(), "adopted",
                    "Regulation on public consultations", "Municipal Assembly of Gjilan");
            fixture.given(REGISTERED).when(record(hearing)).expectEvents(hearing);
            fixture.given(REGISTERED).when(record(regulation)).expectEvents(regulation);
        }

        /**
         * The seeds hold meetings held online ("Virtual meetings and thematic discussions" of a diaspora project): a
         * meeting states how it was given as a training does, in the same words, and a made-up mode is refused.
         */
        @Test
        void recordsAMeetingHeldOnlineAndRefusesAMadeUpDeliveryMode() {
            var online = new MeetingHeld(P, "diaspora-1", "Virtual meeting with the diaspora", LocalDate.of(2024, 5, 2),
                    null, Participants.total(40), null, List.of(), "thematic-discussion", null, "online");
            fixture.given(REGISTERED).when(record(online)).expectEvents(online);

            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("activityId", "diaspora-2");
            facts.put("title", "Virtual meeting with the diaspora");
            facts.put("occurredOn", "2024-05-09");
            facts.put("kind", "thematic-discussion");
            facts.put("deliveryMode", "carrier-pigeon");
            fixture.given(REGISTERED)
                    .when(new RecordActivity(P, null, "meeting-held", facts, null))
                    .expectException(faults(ProjectRuleViolation.class,
                            "deliveryMode: must be one of " + Vocabulary.DELIVERY_MODES))
                    .expectNoEvents();
        }

        /** KOMF's monitoring of the Law on Child Protection in the municipalities is a meeting of its own kind. */
        @Test
        void recordsAMonitoringVisit() {
            var visit = new MeetingHeld(P, "monitoring-1", "Monitoring the implementation of the Law on Child "
                    + "Protection in key municipalities", LocalDate.of(2024, 5, 14), "Gjilan", null, null, List.of(),
                    "monitoring-visit", "Municipality of Gjilan");
            fixture.given(REGISTERED).when(record(visit)).expectEvents(visit);
        }

        @Test
        void recordsAnActivityInAPlaceNamedAsPastedUnderTheProgrammesName() {
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "Kamenica\u00A0", Participants.total(5))))
                    .expectEvents(training("t-1", LocalDate.of(2024, 3, 12), "Kamenicë", Participants.total(5)));
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "Gji\u200Blani", Participants.total(5))))
                    .expectEvents(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(5)));
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "Gjilanë\u00A0", Participants.total(5))))
                    .expectException(violation("municipality", "'Gjilanë\\u00A0' is not a municipality of programme "
                            + "kosovo-albania-civil-society; did you mean Gjilan?"))
                    .expectNoEvents();
            // Bounded as every other name of a place is, before it is read or quoted back.
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "\u00A0".repeat(101), Participants.total(5))))
                    .expectException(violation("municipality", "must be at most 100 characters"))
                    .expectNoEvents();
        }

        @Test
        void anActivityAgainstSeveralRulesIsRefusedNamingEveryFieldAtFaultNotOnlyTheFirst() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("activityId", "t-1");
            facts.put("title", " ");
            facts.put("occurredOn", "2023-12-31");
            facts.put("participants", Map.of("total", 10, "bySex", Map.of("female", 12),
                    "byAgeBand", Map.of("ancient", 1)));
            facts.put("sessions", 0);
            facts.put("deliveryMode", "carrier-pigeon");
            facts.put("municipality", "Gotham");
            fixture.given(REGISTERED)
                    .when(new RecordActivity(P, null, "training-delivered", facts, null))
                    .expectException(faults(ProjectRuleViolation.class,
                            "municipality: 'Gotham' is not a municipality of programme kosovo-albania-civil-society",
                            "title: must not be blank",
                            "occurredOn: is before the project starts on 2024-01-01",
                            "participants.bySex: parts add up to 12, more than the total of 10",
                            "participants.byAgeBand.ancient: is not a category; use " + ProjectFixtures.programme().ageBands(),
                            "sessions: must be at least 1",
                            "deliveryMode: must be one of " + Vocabulary.DELIVERY_MODES))
                    .expectNoEvents();
            // A member left out is the first thing said, as of any body: a place unknown waits with the rules.
            facts.remove("title");
            fixture.given(REGISTERED)
                    .when(new RecordActivity(P, null, "training-delivered", facts, null))
                    .expectException(faults(MalformedFacts.class, "title: is required"))
                    .expectNoEvents();
        }

        /** Every count an activity states is bounded as participants are: 2,147,483,647 kits would swamp every figure. */
        @Test
        void aCountPastTenMillionIsRefusedNamingIt() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("activityId", "m-1");
            facts.put("title", "Kits");
            facts.put("occurredOn", "2024-03-12");
            facts.put("item", "Citizen investment kits");
            facts.put("quantity", Integer.MAX_VALUE);
            fixture.given(REGISTERED)
                    .when(new RecordActivity(P, null, "materials-distributed", facts, null))
                    .expectException(violation("quantity", "must be at most 10000000")).expectNoEvents();
            facts.put("quantity", ActivityRules.MAX_COUNT);
            fixture.given(REGISTERED)
                    .when(new RecordActivity(P, null, "materials-distributed", facts, null))
                    .expectSuccessfulHandlerExecution();
        }

        /**
         * Every part of a breakdown at fault is named, by category in alphabetical order, not only the first; past
         * twenty, the rest are counted, so an answer stays small whatever the request holds.
         */
        @Test
        void aBreakdownWithSeveralPartsAtFaultNamesEachAndCountsThoseBeyondTwenty() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("activityId", "t-1");
            facts.put("title", "Training");
            facts.put("occurredOn", "2024-03-12");
            Map<String, Integer> made = new java.util.HashMap<>();
            for (int i = 0; i < 25; i++) {
                made.put("k" + (char) ('a' + i), 1);
            }
            facts.put("participants", Map.of("total", 100, "bySex", Map.of("zebra", 1, "female", -1, "apple", 2),
                    "byCommunity", made));
            facts.put("sessions", 1);
            facts.put("deliveryMode", "in-person");
            List<String> expected = new ArrayList<>(List.of(
                    "participants.bySex.apple: is not a category; use " + ProjectFixtures.programme().sexCategories(),
                    "participants.bySex.female: must not be negative",
                    "participants.bySex.zebra: is not a category; use " + ProjectFixtures.programme().sexCategories()));
            for (int i = 0; i < 20; i++) {
                expected.add("participants.byCommunity.k" + (char) ('a' + i) + ": is not a category; use "
                        + ProjectFixtures.programme().communities());
            }
            expected.add("participants.byCommunity: has 5 more parts at fault, not named here");
            fixture.given(REGISTERED)
                    .when(new RecordActivity(P, null, "training-delivered", facts, null))
                    .expectException(faults(ProjectRuleViolation.class, expected.toArray(String[]::new)))
                    .expectNoEvents();
        }

        /**
         * The programme works in Albania too: the national minorities its law recognises (Law 96/2017) that Kosovo's
         * list lacked are communities of the programme, and a community it does not list is refused as before.
         */
        @Test
        void aBreakdownNamingAlbaniasNationalMinoritiesIsRecordedAndAMadeUpCommunityIsStillRefused() {
            var inTirana = new ProjectRegistered(P, "nopm", "Network of Peace Movement", false,
                    "Participation in local decision-making", "Citizens take part in budgeting",
                    "Better local governance", List.of("Raise awareness"), List.of("Citizens"), List.of("Tiranë"),
                    LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
            TrainingDelivered minorities = training("t-1", LocalDate.of(2024, 3, 12), "Tiranë",
                    new Participants(40, Map.of(), Map.of(), Map.of("greek", 12, "macedonian", 8, "aromanian", 9,
                            "bulgarian", 5, "roma", 6)));
            fixture.given(inTirana).when(record(minorities)).expectEvents(minorities);

            TrainingDelivered madeUp = training("t-1", LocalDate.of(2024, 3, 12), "Tiranë",
                    new Participants(40, Map.of(), Map.of(), Map.of("greek", 12, "thracian", 3)));
            fixture.given(inTirana)
                    .when(record(madeUp))
                    .expectException(faults(ProjectRuleViolation.class, "participants.byCommunity.thracian: is not a "
                            + "category; use " + ProjectFixtures.programme().communities()))
                    .expectNoEvents();
        }

        /** A required text left out is the same fault as a required number left out: the request lacks a member. */
        @Test
        void anActivityLeavingOutRequiredMembersIsRefusedAsMalformedNamingEveryOneWhateverItsType() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("activityId", "m-1");
            facts.put("occurredOn", "2024-03-12");
            facts.put("participants", Map.of("total", 4));
            fixture.given(REGISTERED)
                    .when(new RecordActivity(P, null, "mentoring-session-held", facts, null))
                    .expectException(faults(MalformedFacts.class, "title: is required", "topic: is required",
                            "organisationsMentored: is required"))
                    .expectNoEvents();
        }

        @Test
        void cannotRecordTrainingBeforeProjectStart() {
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2023, 12, 31), "Gjilan", Participants.total(5))))
                    .expectException(ProjectRuleViolation.class)
                    .expectExceptionMessage("is before the project starts on 2024-01-01")
                    .expectNoEvents();
        }

        @Test
        void cannotRecordAnActivityThatHasNotHappenedYet() {
            fixture.given(REGISTERED)
                    .when(record(training("t-1", TODAY.plusDays(1), "Gjilan", Participants.total(5))))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotRecordAnActivityAfterTheProjectEnds() {
            var ended = new ProjectRegistered(P, "nopm", "NOPM", false, "t", null, null, null, null, List.of("Gjilan"),
                    LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31));
            fixture.given(ended)
                    .when(record(training("t-1", LocalDate.of(2024, 1, 2), "Gjilan", Participants.total(5))))
                    .expectException(ProjectRuleViolation.class)
                    .expectExceptionMessage("is after the project ends on 2023-12-31")
                    .expectNoEvents();
        }

        @Test
        void anAmendedEndDateExtendsWhatCanBeRecorded() {
            fixture.given(REGISTERED, new ProjectDetailsAmended(P, null, null, null, null, null, null,
                            LocalDate.of(2025, 3, 31), "extension"))
                    .when(record(training("t-1", LocalDate.of(2024, 6, 1), "Gjilan", Participants.total(5))))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void cannotRecordAnActivityOutsideTheProjectsMunicipalities() {
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "Tiranë", Participants.total(5))))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotRecordMorePeopleInABreakdownThanTookPart() {
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.bySex(10, 8, 3))))
                    .expectException(ProjectRuleViolation.class)
                    .expectExceptionMessage("parts add up to 11, more than the total of 10")
                    .expectNoEvents();
        }

        @Test
        void cannotRecordNegativeCounts() {
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.bySex(10, -1, 3))))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(-1))))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotBreakParticipantsDownByAnUnknownCategory() {
            var participants = new Participants(10, Map.of(), Map.of("toddlers", 3), Map.of());
            fixture.given(REGISTERED)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", participants)))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotRecordAnActivityForAnUnknownIndicatorOrPlannedActivity() {
            var forUnknownIndicator = new MaterialsDistributed(P, "k", "Kits", LocalDate.of(2024, 4, 2), "Gjilan",
                    null, null, List.of("nope"), "Kit", 5);
            var forUnknownPlan = new MaterialsDistributed(P, "k", "Kits", LocalDate.of(2024, 4, 2), "Gjilan",
                    null, "nope", List.of(), "Kit", 5);
            fixture.given(REGISTERED).when(record(forUnknownIndicator))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED).when(record(forUnknownPlan))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void anActivityNamingAnIndicatorTwiceIsRefused() {
            var twice = new MaterialsDistributed(P, "k", "Kits", LocalDate.of(2024, 4, 2), "Gjilan", null, null,
                    List.of("kits", "citizens", "kits"), "Kit", 5);
            fixture.given(REGISTERED, KITS, REACHED).when(record(twice))
                    .expectException(violation("indicatorIds[2]", "names 'kits' again: each indicator at most once"))
                    .expectNoEvents();
        }

        @Test
        void anActivityNamingMoreThanTwentyIndicatorsIsRefused() {
            var tooMany = new MaterialsDistributed(P, "k", "Kits", LocalDate.of(2024, 4, 2), "Gjilan", null, null,
                    indicatorIds(Limits.INDICATORS_PER_ACTIVITY + 1), "Kit", 5);
            fixture.given(withIndicators(Limits.INDICATORS_PER_ACTIVITY + 1)).when(record(tooMany))
                    .expectException(violation("indicatorIds", "must have at most 20 entries"))
                    .expectNoEvents();
        }

        @Test
        void anActivityImplementsOnlyAPlanOfItsOwnType() {
            var hearingForKitPlan = new MeetingHeld(P, "m", "Meeting", LocalDate.of(2024, 3, 1), "Gjilan", null,
                    "kit-distribution", List.of(), "workshop", null);
            fixture.given(REGISTERED, KITS, KIT_DISTRIBUTION).when(record(hearingForKitPlan))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void anAdoptedRecommendationCanOnlyComeFromARecordedActivity() {
            var adopted = new org.kronika.events.RecommendationAdopted(P, "r", "Adopted", LocalDate.of(2024, 3, 1),
                    "Gjilan", null, null, List.of(), "Municipal Assembly", "Hold hearings", "no-such-report");
            fixture.given(REGISTERED).when(record(adopted))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotBlankTheTitleByAmendment() {
            fixture.given(REGISTERED)
                    .when(new AmendProjectDetails(P, null, " ", null, null, null, null, null, null, "why"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotRecordTheSameActivityTwice() {
            TrainingDelivered training = training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(5));
            fixture.given(REGISTERED, training).when(record(training))
                    .expectException(alreadyRecorded("activityId", true)).expectNoEvents();
        }

        /** An import run again after its row was fixed: the fix is not skipped as a repeat, it is told to correct. */
        @Test
        void anActivityStatedAgainWithOtherFactsIsRefusedAsAlreadyRecordedSayingTheyDifferAndHowToCorrectThem() {
            TrainingDelivered training = training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(5));
            fixture.given(REGISTERED, training)
                    .when(record(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(6))))
                    .expectException(alreadyRecorded("activityId", false))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString(
                            "/api/projects/" + P + "/activities/t-1/corrections"))
                    .expectNoEvents();
        }

        @Test
        void anActivityStatedAsItWasBeforeItsCorrectionHasOtherFactsAndAsCorrectedTheSame() {
            TrainingDelivered original = training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(5));
            TrainingDelivered corrected = training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(7));
            var correction = new ActivityCorrected(P, "t-1", "training-delivered", EventData.of(corrected), "typo");
            fixture.given(REGISTERED, original, correction).when(record(original))
                    .expectException(alreadyRecorded("activityId", false)).expectNoEvents();
            fixture.given(REGISTERED, original, correction).when(record(corrected))
                    .expectException(alreadyRecorded("activityId", true)).expectNoEvents();
        }

        @Test
        void aRetractedActivityStatedAgainIsRefusedAsRetracted() {
            TrainingDelivered training = training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(5));
            fixture.given(REGISTERED, training, new ActivityRetracted(P, "t-1", "Never happened"))
                    .when(record(training))
                    .expectException(alreadyRecorded("activityId", false))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("retracted"))
                    .expectNoEvents();
        }

        @Test
        void eachKindOfActivityMustStateWhatMakesItThatKind() {
            var noKind = new MeetingHeld(P, "m", "Meeting", LocalDate.of(2024, 3, 1), "Gjilan", null, null, List.of(),
                    "party", null);
            var noHash = new DocumentPublished(P, "d", "Monitoring report", LocalDate.of(2024, 3, 1), null, null, null,
                    List.of(), "monitoring-report", new DocumentReference("Monitoring report", "report.pdf", "abc"));
            var noKits = new MaterialsDistributed(P, "k", "Kits", LocalDate.of(2024, 3, 1), "Gjilan", null, null,
                    List.of(), "Citizen Investment Kit", 0);
            var noStage = new RegulationProgressed(P, "r", "Regulation", LocalDate.of(2024, 3, 1), "Gjilan", null, null,
                    List.of(), "approved-ish", "Regulation", "Assembly");
            for (ActivityEvent invalid : List.of(noKind, noHash, noKits, noStage)) {
                fixture.given(REGISTERED).when(record(invalid))
                        .expectException(ProjectRuleViolation.class).expectNoEvents();
            }
        }
    }

    @Nested
    class Scoping {

        private final TrainingDelivered training = training("t-1", LocalDate.of(2024, 3, 12), "Gjilan",
                Participants.total(5));

        @Test
        void aRecorderRecordsForItsOwnOrganisationsProject() {
            fixture.given(REGISTERED).when(record(training), recorderOf("nopm")).expectEvents(training);
        }

        @Test
        void aRecorderCannotRecordForAnotherOrganisationsProject() {
            fixture.given(REGISTERED).when(record(training), recorderOf("komf"))
                    .expectException(NotYourProject.class).expectNoEvents();
        }

        @Test
        void aRecorderCannotCorrectOrRetractAnotherOrganisationsActivity() {
            fixture.given(REGISTERED, training).when(new RetractActivity(P, null, "t-1", "not ours"), recorderOf("komf"))
                    .expectException(NotYourProject.class).expectNoEvents();
        }

        @Test
        void aRecorderCannotMeasureAnotherOrganisationsIndicator() {
            fixture.given(REGISTERED, REACHED)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "m-1", TODAY, 1.0, null, null, null, null),
                            recorderOf("komf"))
                    .expectException(NotYourProject.class).expectNoEvents();
        }

        /**
         * The auditors' verifier holds the events of the roles it calls bound to an organisation to the project's
         * ({@code EventRoles.ORGANISATION_BOUND}): those must be exactly the roles refused here for another
         * organisation's project, or it would call legitimate histories UNAUTHORISED, or pass ones refused here.
         */
        @Test
        void theRolesRefusedForAnotherOrganisationsProjectAreThoseTheVerifierHoldsToTheProjectsOrganisation() {
            for (Role role : Role.values()) {
                var sent = fixture.given(REGISTERED).when(record(training), Map.of(ActorMetaData.ROLE,
                        role.claimValue(), ActorMetaData.ORGANISATION, "komf", ActorMetaData.SUBJECT, "of-komf"));
                try {
                    if (EventRoles.ORGANISATION_BOUND.contains(role.claimValue())) {
                        sent.expectException(NotYourProject.class).expectNoEvents();
                    } else {
                        sent.expectEvents(training);
                    }
                } catch (AssertionError drift) {
                    throw new AssertionError("the role " + role.claimValue() + ": " + drift.getMessage(), drift);
                }
            }
        }

        private Map<String, ?> recorderOf(String organisation) {
            return Map.of(ActorMetaData.ROLE, "recorder", ActorMetaData.ORGANISATION, organisation,
                    ActorMetaData.SUBJECT, "recorder-" + organisation);
        }
    }

    @Nested
    class PeriodReportsAndLocks {

        private static final LocalDate Q1_START = LocalDate.of(2024, 1, 1);
        private static final LocalDate Q1_END = LocalDate.of(2024, 3, 31);
        private final TrainingDelivered inQ1 = training("t-1", LocalDate.of(2024, 3, 12), "Gjilan",
                Participants.bySex(18, 14, 3));
        private final PeriodSubmitted submitted = new PeriodSubmitted(P, "2024-Q1", "All Q1 trainings recorded");
        private final PeriodApproved approved = new PeriodApproved(P, "2024-Q1", Q1_START, Q1_END, 2, "h", null);
        private final PeriodApproved approvedQ2 = new PeriodApproved(P, "2024-Q2", LocalDate.of(2024, 4, 1),
                LocalDate.of(2024, 6, 30), 2, "h", null);

        @Test
        void aReportIsSubmittedReturnedSubmittedAgainApprovedAndReopened() {
            fixture.given(REGISTERED, inQ1)
                    .when(new SubmitPeriod(P, null, "2024-Q1", "All Q1 trainings recorded"))
                    .expectEvents(submitted);
            fixture.given(REGISTERED, inQ1, submitted)
                    .when(new ReturnPeriod(P, null, "2024-Q1", "Add the participants by age"))
                    .expectEvents(new PeriodReturned(P, "2024-Q1", "Add the participants by age"));
            fixture.given(REGISTERED, inQ1, submitted, new PeriodReturned(P, "2024-Q1", "Add ages"))
                    .when(new SubmitPeriod(P, null, "2024-Q1", "Ages added"))
                    .expectEvents(new PeriodSubmitted(P, "2024-Q1", "Ages added"));
            fixture.given(REGISTERED, inQ1, approved)
                    .when(new ReopenPeriod(P, null, "2024-Q1", "The donor asks for figures by community"))
                    .expectEvents(new PeriodReopened(P, "2024-Q1", "The donor asks for figures by community"));
            fixture.given(REGISTERED, inQ1, approved, new PeriodReopened(P, "2024-Q1", "by community"))
                    .when(new SubmitPeriod(P, null, "2024-Q1", "Now by community"))
                    .expectEvents(new PeriodSubmitted(P, "2024-Q1", "Now by community"));
        }

        /**
         * What an amendment may change (title, texts, municipalities, end date) is none of a period's figures, and an
         * end date may not leave a submitted or approved period outside the project: so an amendment after an
         * approval is recorded alone, with no approved-period-changed, and the approved report stays final. Were a
         * figure-bearing field ever made amendable, this would say it must be flagged.
         */
        @Test
        void anAmendmentAfterAnApprovalChangesNoApprovedFiguresAndIsNotFlagged() {
            fixture.given(REGISTERED, inQ1, approved)
                    .when(new AmendProjectDetails(P, null, "Citizens decide together", null, null, null, null,
                            List.of("Gjilan", "Kamenicë", "Vushtrri"), LocalDate.of(2024, 3, 31),
                            "The donor shortened the grant to its first quarter"))
                    .expectEvents(new ProjectDetailsAmended(P, "Citizens decide together", null, null, null, null,
                            List.of("Gjilan", "Kamenicë", "Vushtrri"), LocalDate.of(2024, 3, 31),
                            "The donor shortened the grant to its first quarter"));
        }

        @Test
        void anApprovalNamesTheHeadItApprovedTheLastEventBeforeIt() {
            fixture.givenCommands(register(List.of("Gjilan", "Kamenicë"), LocalDate.of(2024, 1, 1),
                            LocalDate.of(2024, 12, 31)), record(inQ1),
                            new SubmitPeriod(P, null, "2024-Q1", "All Q1 trainings recorded"))
                    .when(new ApprovePeriod(P, null, "2024-Q1", "Matches the attendance sheets"))
                    .expectResultMessagePayload(new CommandResult("2024-Q1", 3))
                    .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                            org.axonframework.test.matchers.Matchers.exactSequenceOf(approvalOf(2),
                                    org.axonframework.test.matchers.Matchers.andNoMore())));
        }

        /** Optional, as a closure's is, but never blank when given, in any script's spaces. */
        @Test
        void anApprovalsCommentIsOptionalButNeverBlank() {
            for (String blank : List.of(" ", "\u3000", "\u2003", "\u00A0")) {
                fixture.given(REGISTERED, submitted).when(new ApprovePeriod(P, null, "2024-Q1", blank))
                        .expectException(violation("comment", "must not be blank")).expectNoEvents();
            }
        }

        @Test
        void onlyASubmittedReportCanBeReturnedOrApprovedAndAnApprovedOneOnlyReopened() {
            fixture.given(REGISTERED).when(new ApprovePeriod(P, null, "2024-Q1", null))
                    .expectException(violation("periodId", "the report for 2024-Q1 was never submitted: only a "
                            + "submitted report can be returned or approved"))
                    .expectNoEvents();
            fixture.given(REGISTERED, submitted, new PeriodReturned(P, "2024-Q1", "Add ages"))
                    .when(new ApprovePeriod(P, null, "2024-Q1", null))
                    .expectException(violation("periodId", "the report for 2024-Q1 is returned, not submitted: only a "
                            + "submitted report can be returned or approved"))
                    .expectNoEvents();
            fixture.given(REGISTERED).when(new ReopenPeriod(P, null, "2024-Q1", "why"))
                    .expectException(violation("periodId", "the report for 2024-Q1 was never submitted: only an "
                            + "approved report can be reopened"))
                    .expectNoEvents();
            fixture.given(REGISTERED).when(new ReturnPeriod(P, null, "2024-Q1", "x"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED, submitted).when(new SubmitPeriod(P, null, "2024-Q1", "again"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED, approved).when(new SubmitPeriod(P, null, "2024-Q1", "again"))
                    .expectException(violation("periodId", "the report for 2024-Q1 is approved; an administrator can "
                            + "reopen it"))
                    .expectNoEvents();
            fixture.given(REGISTERED, submitted).when(new ReopenPeriod(P, null, "2024-Q1", "why"))
                    .expectException(violation("periodId", "the report for 2024-Q1 is submitted, not approved: only an "
                            + "approved report can be reopened"))
                    .expectNoEvents();
        }

        @Test
        void aSubmissionNeedsACommentAndAPeriodOfTheProgrammeWithinTheProjectsDatesThatHasEnded() {
            fixture.given(REGISTERED).when(new SubmitPeriod(P, null, "2024-Q1", " "))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED).when(new SubmitPeriod(P, null, "2024-Q9", "x"))
                    .expectException(UnknownPeriod.class).expectNoEvents();
            fixture.given(REGISTERED).when(new SubmitPeriod(P, null, "2023-Q4", "x"))
                    .expectException(violation("periodId", "2023-Q4 (2023-10-01 to 2023-12-31) is outside the "
                            + "project's dates, 2024-01-01 to 2024-12-31"))
                    .expectNoEvents();
            fixture.given(REGISTERED).when(new SubmitPeriod(P, null, "2024-Q3", "x"))
                    .expectException(violation("periodId", "2024-Q3 has not ended: it ends on 2024-09-30; its report "
                            + "is submitted after the period ends, from 2024-10-01"))
                    .expectNoEvents();
        }

        /** A period's step at fault and its text at fault are named in one refusal, as an activity's fields are. */
        @Test
        void aStepRefusedForItsPeriodAndItsTextNamesBoth() {
            String periodFirst = "periodId: 2024-Q3 has not ended: it ends on 2024-09-30; its report is submitted after"
                    + " the period ends, from 2024-10-01";
            String bidi = "must not hold control characters (other than tab and line breaks) or bidirectional overrides"
                    + " or marks";
            fixture.given(REGISTERED).when(new SubmitPeriod(P, null, "2024-Q3", "a\u202Eb"))
                    .expectException(faults(ProjectRuleViolation.class, periodFirst, "comment: " + bidi))
                    .expectNoEvents();
            fixture.given(REGISTERED).when(new ReturnPeriod(P, null, "2024-Q1", " "))
                    .expectException(faults(ProjectRuleViolation.class, "periodId: the report for 2024-Q1 was never"
                            + " submitted: only a submitted report can be returned or approved",
                            "comment: must not be blank"))
                    .expectNoEvents();
        }

        /**
         * Submitted (and approved) while it runs, a period's remaining ordinary work would each need a reason and be
         * flagged as a change after approval.
         */
        @Test
        void aPeriodIsSubmittedOnlyOnceItHasEndedFromTheDayAfterItsLast() {
            fixture.given(REGISTERED).when(new SubmitPeriod(P, null, "2024-Q2", "Our second quarter"))
                    .expectException(violation("periodId", "2024-Q2 has not ended: it ends on 2024-06-30; its report "
                            + "is submitted after the period ends, from 2024-07-01"))
                    .expectNoEvents();
            fixtureOn(LocalDate.of(2024, 6, 30)).given(REGISTERED)
                    .when(new SubmitPeriod(P, null, "2024-Q2", "Our second quarter"))
                    .expectException(violation("periodId")).expectNoEvents();
            fixtureOn(LocalDate.of(2024, 7, 1)).given(REGISTERED)
                    .when(new SubmitPeriod(P, null, "2024-Q2", "Our second quarter"))
                    .expectEvents(new PeriodSubmitted(P, "2024-Q2", "Our second quarter"));
        }

        /** Submitted while its period ran (histories recorded before that was refused), it is approved only after. */
        @Test
        void aReportSubmittedBeforeItsPeriodEndedIsApprovedOnlyOnceItHas() {
            PeriodSubmitted early = new PeriodSubmitted(P, "2024-Q2", "Sent early");
            fixtureOn(LocalDate.of(2024, 6, 30)).given(REGISTERED, early)
                    .when(new ApprovePeriod(P, null, "2024-Q2", null))
                    .expectException(violation("periodId", "2024-Q2 has not ended: it ends on 2024-06-30; its report "
                            + "is approved after the period ends, from 2024-07-01"))
                    .expectNoEvents();
            fixtureOn(LocalDate.of(2024, 7, 1)).given(REGISTERED, early)
                    .when(new ApprovePeriod(P, null, "2024-Q2", null))
                    .expectSuccessfulHandlerExecution();
        }

        /** Half past midnight of April 1st in Tirana is still March 31st in UTC: the programme's day decides. */
        @Test
        void whetherAPeriodHasEndedIsJudgedByTheProgrammesDay() {
            Programme programme = ProjectFixtures.programme();
            FixtureConfiguration<Project> afterMidnightInTirana = fixtureFor(programme, programme.clock(
                    Clock.fixed(java.time.Instant.parse("2024-03-31T22:30:00Z"), ZoneOffset.UTC)));
            afterMidnightInTirana.given(REGISTERED).when(new SubmitPeriod(P, null, "2024-Q1", "Our first quarter"))
                    .expectEvents(new PeriodSubmitted(P, "2024-Q1", "Our first quarter"));
            FixtureConfiguration<Project> beforeMidnightInTirana = fixtureFor(programme, programme.clock(
                    Clock.fixed(java.time.Instant.parse("2024-03-31T21:30:00Z"), ZoneOffset.UTC)));
            beforeMidnightInTirana.given(REGISTERED).when(new SubmitPeriod(P, null, "2024-Q1", "Our first quarter"))
                    .expectException(violation("periodId")).expectNoEvents();
        }

        /** Its last period ends after the project: the report on the project's part of it is whole once it ends. */
        @Test
        void aProjectEndingInsideAPeriodSubmitsThatPeriodAfterItsOwnEnd() {
            ProjectRegistered endsMidQuarter = registered(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 5, 15));
            fixtureOn(LocalDate.of(2024, 5, 15)).given(endsMidQuarter)
                    .when(new SubmitPeriod(P, null, "2024-Q2", "Our last quarter"))
                    .expectException(violation("periodId", "2024-Q2 has not ended: it ends on 2024-06-30 and the "
                            + "project on 2024-05-15; its report is submitted after the project ends, from 2024-05-16"))
                    .expectNoEvents();
            fixtureOn(LocalDate.of(2024, 5, 16)).given(endsMidQuarter)
                    .when(new SubmitPeriod(P, null, "2024-Q2", "Our last quarter"))
                    .expectEvents(new PeriodSubmitted(P, "2024-Q2", "Our last quarter"));
        }

        @Test
        void aLateActivityInALockedPeriodNeedsAReasonAndIsFlaggedAfterApproval() {
            TrainingDelivered late = training("t-2", LocalDate.of(2024, 2, 2), "Gjilan", Participants.total(9));
            fixture.given(REGISTERED, inQ1, approved).when(record(late))
                    .expectException(violation("changeReason", "is required: the change alters the figures of approved "
                            + "period(s) [2024-Q1] (each counted up to its end), which are locked; say why they "
                            + "change after approval"))
                    .expectNoEvents();
            fixture.given(REGISTERED, inQ1, approved).when(recordBecause(late, "Sheet found in the archive"))
                    .expectEvents(late, new ApprovedPeriodChanged(P, List.of("2024-Q1"), 3, "training-delivered", "t-2",
                            "Sheet found in the archive"));
            TrainingDelivered inQ2 = training("t-3", LocalDate.of(2024, 4, 2), "Gjilan", Participants.total(9));
            fixture.given(REGISTERED, inQ1, approved).when(record(inQ2)).expectEvents(inQ2);
        }

        @Test
        void aChangeReasonIsCheckedAsStoredTextAlsoWhereNoApprovedPeriodNeedsIt() {
            String hidden = "Sheet found \u202Ein the archive";
            String message = "must not hold control characters (other than tab and line breaks) or bidirectional "
                    + "overrides or marks";
            TrainingDelivered inQ2 = training("t-2", LocalDate.of(2024, 4, 2), "Gjilan", Participants.total(9));
            fixture.given(REGISTERED, inQ1, approved).when(recordBecause(inQ2, hidden))
                    .expectException(violation("changeReason", message)).expectNoEvents();
            fixture.given(REGISTERED, REACHED).when(new RecordIndicatorMeasurement(P, null, "citizens", "m-1",
                            LocalDate.of(2024, 4, 2), 5.0, null, null, null, hidden))
                    .expectException(violation("changeReason", message)).expectNoEvents();
            // A right-to-left mark, unseen, shows "5 of 40" as "40 of 5" beside right-to-left text.
            fixture.given(REGISTERED, inQ1, approved).when(recordBecause(inQ2, "Sheet \u200F5 of 40"))
                    .expectException(violation("changeReason", message)).expectNoEvents();
            fixture.given(REGISTERED).when(recordBecause(inQ2, "x".repeat(1001)))
                    .expectException(violation("changeReason", "must be at most 1000 characters")).expectNoEvents();
        }

        @Test
        void anEndDateMayNotLeaveARecordedActivityOrAReportedPeriodOutsideTheProject() {
            fixture.given(REGISTERED, inQ1)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 2, 29), "Ends early"))
                    .expectException(violation("endDate", "must not be before 2024-03-12, the day of the project's "
                            + "latest activity; retract or correct it first"))
                    .expectNoEvents();
            fixture.given(REGISTERED, inQ1, new ActivityRetracted(P, "t-1", "Never happened"))
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 2, 29), "Ends early"))
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, inQ1, new PeriodSubmitted(P, "2024-Q2", "Nothing in Q2"))
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 3, 31), "Ends with Q1"))
                    .expectException(violation("endDate", "must not be before the start of [2024-Q2], whose report "
                            + "is submitted or approved: return or reopen it first"))
                    .expectNoEvents();
            // Returned, the report is open again: outside the project it is simply not submitted again.
            fixture.given(REGISTERED, inQ1, new PeriodSubmitted(P, "2024-Q2", "Nothing in Q2"),
                            new PeriodReturned(P, "2024-Q2", "Nothing to report"))
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 3, 31), "Ends with Q1"))
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, inQ1, approved)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 3, 31), "Ends with Q1"))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void anEndDateMayNotMoveBeforeAPeriodAnIndicatorTargetsNamingTheIndicatorAndThePeriod() {
            AmendProjectDetails endsWithQ1 = new AmendProjectDetails(P, null, null, null, null, null, null, null,
                    LocalDate.of(2024, 3, 31), "Ends with Q1");
            fixture.given(REGISTERED, KITS).when(endsWithQ1)
                    .expectException(violation("endDate", "must not be before the start of the periods indicators "
                            + "target, [2024-Q2] by indicator kits: redefine those period targets first"))
                    .expectNoEvents();
            IndicatorRedefined byQ3 = new IndicatorRedefined(P, "citizens", null, null,
                    List.of(new PeriodTarget("2024-Q3", 600), new PeriodTarget("2024-Q2", 300)), null, "By quarter");
            fixture.given(REGISTERED, KITS, REACHED, byQ3).when(endsWithQ1)
                    .expectException(violation("endDate", "must not be before the start of the periods indicators "
                            + "target, [2024-Q2, 2024-Q3] by indicator citizens, [2024-Q2] by indicator kits: "
                            + "redefine those period targets first"))
                    .expectNoEvents();
            // The period's first day inside the project is enough.
            fixture.given(REGISTERED, KITS)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 4, 1), "Ends a day into Q2"))
                    .expectSuccessfulHandlerExecution();
            // The targets as redefined count, not as first defined.
            fixture.given(REGISTERED, KITS, new IndicatorRedefined(P, "kits", null, null,
                            List.of(new PeriodTarget("2024-Q1", 200)), null, "Within Q1"))
                    .when(endsWithQ1).expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, KITS, new IndicatorRedefined(P, "kits", null, null, List.of(), null,
                            "No period targets"))
                    .when(endsWithQ1).expectSuccessfulHandlerExecution();
        }

        /**
         * What stands in the way of an earlier end leaves nothing outside the project when the end stays or moves
         * later. A project whose history holds such a thing (a target past its end, from before that was refused)
         * could not be amended at all by a form sending every field, its end date as it is, nor be extended.
         */
        @Test
        void anEndDateKeptOrMovedLaterIsNotHeldToWhatAnEarlierOneWouldLeaveOutside() {
            ProjectRegistered endsWithQ1 = new ProjectRegistered(P, "nopm", "Network of Peace Movement", false,
                    "Participation in local decision-making", null, null, null, null, List.of("Gjilan"),
                    LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31));
            fixture.given(endsWithQ1, KITS)
                    .when(new AmendProjectDetails(P, null, "Participation in budgeting", null, null, null, null, null,
                            LocalDate.of(2024, 3, 31), "A shorter title"))
                    .expectEvents(new ProjectDetailsAmended(P, "Participation in budgeting", null, null, null, null,
                            null, null, "A shorter title"));
            fixture.given(endsWithQ1, KITS)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 6, 30), "Extended to Q2"))
                    .expectSuccessfulHandlerExecution();
            fixture.given(endsWithQ1, KITS)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 3, 30), "A day earlier"))
                    .expectException(violation("endDate", "must not be before the start of the periods indicators "
                            + "target, [2024-Q2] by indicator kits: redefine those period targets first"))
                    .expectNoEvents();
        }

        @Test
        void anEndDateMayNotLeaveAMeasurementOutsideTheProject() {
            IndicatorMeasured survey = new IndicatorMeasured(P, "citizens", "survey-1", LocalDate.of(2024, 3, 20),
                    420.0, null, null, null);
            fixture.given(REGISTERED, REACHED, survey)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 3, 19), "Ends early"))
                    .expectException(violation("endDate", "must not be before 2024-03-20, the day of the project's "
                            + "latest measurement; retract or correct it first"))
                    .expectNoEvents();
            fixture.given(REGISTERED, REACHED, survey)
                    .when(new AmendProjectDetails(P, null, null, null, null, null, null, null,
                            LocalDate.of(2024, 3, 20), "Ends with the survey"))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void anEndDateMayMoveBeforeAMeasurementOnceItIsRetractedOrCorrectedToAnEarlierDay() {
            IndicatorMeasured early = new IndicatorMeasured(P, "citizens", "survey-0", LocalDate.of(2024, 2, 10),
                    300.0, null, null, null);
            IndicatorMeasured survey = new IndicatorMeasured(P, "citizens", "survey-1", LocalDate.of(2024, 3, 20),
                    420.0, null, null, null);
            AmendProjectDetails endsInFebruary = new AmendProjectDetails(P, null, null, null, null, null, null, null,
                    LocalDate.of(2024, 2, 29), "Ends early");
            fixture.given(REGISTERED, REACHED, early, survey,
                            new MeasurementRetracted(P, "citizens", "survey-1", "Measured in another project"))
                    .when(endsInFebruary)
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, REACHED, early, survey, new MeasurementCorrected(P, "citizens", "survey-1",
                            LocalDate.of(2024, 2, 20), 420.0, null, null, null, "Measured in February"))
                    .when(endsInFebruary)
                    .expectSuccessfulHandlerExecution();
            fixture.given(REGISTERED, REACHED, early, survey, new MeasurementCorrected(P, "citizens", "survey-0",
                            LocalDate.of(2024, 1, 20), 300.0, null, null, null, "Measured in January"))
                    .when(endsInFebruary)
                    .expectException(violation("endDate", "must not be before 2024-03-20, the day of the project's "
                            + "latest measurement; retract or correct it first"))
                    .expectNoEvents();
        }

        @Test
        void aRedefinitionAfterAnApprovalIsFlaggedInEveryApprovedPeriod() {
            IndicatorRedefined target = new IndicatorRedefined(P, "kits", null, 500.0, null, null,
                    "The donor raised the target");
            fixture.given(REGISTERED, KITS, inQ1, approved)
                    .when(new RedefineIndicator(P, null, "kits", null, 500.0, null, null, null, "The donor raised the target"))
                    .expectEvents(target, new ApprovedPeriodChanged(P, List.of("2024-Q1"), 4, "indicator-redefined",
                            "kits", "The donor raised the target"));
            fixture.given(REGISTERED, KITS, inQ1)
                    .when(new RedefineIndicator(P, null, "kits", null, 500.0, null, null, null, "The donor raised the target"))
                    .expectEvents(target);
        }

        @Test
        void anIndicatorDefinedAfterAnApprovalNeedsAReasonAndIsFlaggedInEveryApprovedPeriod() {
            IndicatorDefined reached = new IndicatorDefined(P, "reached", "People trained", "count", "participants",
                    "sum", 0.0, 100.0, List.of(), List.of());
            fixture.given(REGISTERED, inQ1, approved)
                    .when(new DefineIndicator(P, null, "reached", "People trained", "count", "participants", "sum",
                            0.0, 100.0, List.of(), null, List.of(), null))
                    .expectException(violation("changeReason", "is required: the change alters the figures of approved "
                            + "period(s) [2024-Q1] (each counted up to its end), which are locked; say why they "
                            + "change after approval"))
                    .expectNoEvents();
            fixture.given(REGISTERED, inQ1, approved)
                    .when(new DefineIndicator(P, null, "reached", "People trained", "count", "participants", "sum",
                            0.0, 100.0, List.of(), null, List.of(), "The donor asked for people trained from Q2"))
                    .expectEvents(reached, new ApprovedPeriodChanged(P, List.of("2024-Q1"), 3, "indicator-defined",
                            "reached", "The donor asked for people trained from Q2"));
            // With nothing approved, no reason is asked and nothing flagged; one sent is checked, not recorded.
            fixture.given(REGISTERED, inQ1)
                    .when(new DefineIndicator(P, null, "reached", "People trained", "count", "participants", "sum",
                            0.0, 100.0, List.of(), null, List.of(), "Asked by the donor"))
                    .expectEvents(reached);
        }

        @Test
        void aRedefinitionThatChangesNothingAfterAnApprovalIsRefusedAndFlagsNoApprovedPeriod() {
            fixture.given(REGISTERED, KITS, inQ1, approved)
                    .when(new RedefineIndicator(P, null, "kits", null, 400.0, null, null, null, "The donor kept the target"))
                    .expectException(violation("target",
                            "is already the recorded value: a redefinition must change at least one field"))
                    .expectNoEvents();
        }

        @Test
        void aCorrectionOrRetractionTouchingALockedPeriodIsFlaggedWithItsReason() {
            correctedAndFlagged(List.of(REGISTERED, inQ1, approved), training("t-1", LocalDate.of(2024, 4, 12),
                    "Gjilan", Participants.bySex(18, 14, 3)), "It took place in April", List.of("2024-Q1"));
            // Dated in the approved period or before it (its figures by its end count it): flagged in it either way.
            for (PeriodApproved locked : List.of(approved, approvedQ2)) {
                fixture.given(REGISTERED, inQ1, locked)
                        .when(new RetractActivity(P, null, "t-1", "Recorded twice"))
                        .expectEvents(new ActivityRetracted(P, "t-1", "Recorded twice"),
                                new ApprovedPeriodChanged(P, List.of(locked.periodId()), 3, "activity-retracted",
                                        "t-1", "Recorded twice"));
            }
            TrainingDelivered inQ2 = training("t-2", LocalDate.of(2024, 4, 2), "Gjilan", Participants.total(9));
            correctedAndFlagged(List.of(REGISTERED, inQ1, approved, inQ2), training("t-2", LocalDate.of(2024, 3, 30),
                    "Gjilan", Participants.total(9)), "It took place in March", List.of("2024-Q1"));
        }

        @Test
        void aLateMeasurementInALockedPeriodNeedsAReasonAndAReopenedPeriodNone() {
            fixture.given(REGISTERED, REACHED, approved)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "m-1", LocalDate.of(2024, 3, 1), 5.0, null,
                            null, null, null))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED, REACHED, approved, new PeriodReopened(P, "2024-Q1", "recount"))
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "m-1", LocalDate.of(2024, 3, 1), 5.0, null,
                            null, null, null))
                    .expectEvents(new IndicatorMeasured(P, "citizens", "m-1", LocalDate.of(2024, 3, 1), 5.0, null, null,
                            null));
        }

        @Test
        void aMeasurementCorrectionOrRetractionTouchingALockedPeriodIsFlaggedWithItsReason() {
            IndicatorMeasured inQ1 = new IndicatorMeasured(P, "citizens", "m-1", LocalDate.of(2024, 3, 1), 150.0,
                    null, null, null);
            IndicatorMeasured inQ2 = new IndicatorMeasured(P, "citizens", "m-2", LocalDate.of(2024, 4, 2), 90.0,
                    null, null, null);
            fixture.given(REGISTERED, REACHED, inQ1, approved)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-1", LocalDate.of(2024, 3, 1), 15.0, null,
                            null, null, "A zero too many"))
                    .expectEvents(new MeasurementCorrected(P, "citizens", "m-1", LocalDate.of(2024, 3, 1), 15.0, null,
                                    null, null, "A zero too many"),
                            new ApprovedPeriodChanged(P, List.of("2024-Q1"), 4, "measurement-corrected", "m-1",
                                    "A zero too many"));
            // Moved out of the approved period: what the approver saw changes all the same.
            fixture.given(REGISTERED, REACHED, inQ1, approved)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-1", LocalDate.of(2024, 4, 1), 150.0, null,
                            null, null, "Measured in April"))
                    .expectEvents(new MeasurementCorrected(P, "citizens", "m-1", LocalDate.of(2024, 4, 1), 150.0,
                                    null, null, null, "Measured in April"),
                            new ApprovedPeriodChanged(P, List.of("2024-Q1"), 4, "measurement-corrected", "m-1",
                                    "Measured in April"));
            fixture.given(REGISTERED, REACHED, inQ1, approved, inQ2)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-2", LocalDate.of(2024, 3, 30), 90.0, null,
                            null, null, "Measured in March"))
                    .expectEvents(new MeasurementCorrected(P, "citizens", "m-2", LocalDate.of(2024, 3, 30), 90.0,
                                    null, null, null, "Measured in March"),
                            new ApprovedPeriodChanged(P, List.of("2024-Q1"), 5, "measurement-corrected", "m-2",
                                    "Measured in March"));
            fixture.given(REGISTERED, REACHED, inQ1, approved)
                    .when(new RetractMeasurement(P, null, "citizens", "m-1", "Measured in another project"))
                    .expectEvents(new MeasurementRetracted(P, "citizens", "m-1", "Measured in another project"),
                            new ApprovedPeriodChanged(P, List.of("2024-Q1"), 4, "measurement-retracted", "m-1",
                                    "Measured in another project"));
            fixture.given(REGISTERED, REACHED, inQ1, approved, inQ2)
                    .when(new RetractMeasurement(P, null, "citizens", "m-2", "Measured in another project"))
                    .expectEvents(new MeasurementRetracted(P, "citizens", "m-2", "Measured in another project"));
        }

        /**
         * An approved period's figures include the cumulative ones by its end, which count every month ended by then:
         * a fact dated in an earlier month changes them, approved quarter or not, so it needs a reason and is flagged
         * in every approved period ending on or after its day, here both quarters.
         */
        @Test
        void aLateActivityDatedBeforeALaterApprovedPeriodNeedsAReasonAndIsFlaggedInEveryPeriodEndingAfterIt() {
            TrainingDelivered late = training("t-2", LocalDate.of(2024, 2, 2), "Gjilan", Participants.total(9));
            fixture.given(REGISTERED, inQ1, approved, approvedQ2).when(record(late))
                    .expectException(violation("changeReason", "is required: the change alters the figures of approved "
                            + "period(s) [2024-Q1, 2024-Q2] (each counted up to its end), which are locked; say why they "
                            + "change after approval"))
                    .expectNoEvents();
            fixture.given(REGISTERED, inQ1, approved, approvedQ2)
                    .when(recordBecause(late, "Sheet found in the archive"))
                    .expectEvents(late, new ApprovedPeriodChanged(P, List.of("2024-Q1", "2024-Q2"), 4,
                            "training-delivered", "t-2", "Sheet found in the archive"));
            // Only the later quarter approved: the earlier one is open, the later one's figures by its end change.
            fixture.given(REGISTERED, inQ1, approvedQ2).when(recordBecause(late, "Sheet found in the archive"))
                    .expectEvents(late, new ApprovedPeriodChanged(P, List.of("2024-Q2"), 3, "training-delivered",
                            "t-2", "Sheet found in the archive"));
        }

        @Test
        void aCorrectionOfAnActivityDatedBeforeAnApprovedPeriodIsFlaggedInItAndARetractionAfterItsEndIsNot() {
            correctedAndFlagged(List.of(REGISTERED, inQ1, approvedQ2), training("t-1", LocalDate.of(2024, 3, 12),
                    "Gjilan", Participants.total(40)), "Eight names were on a second sheet", List.of("2024-Q2"));
            // Dated after the approved period's end, it changes none of its figures.
            TrainingDelivered inJune = training("t-3", LocalDate.of(2024, 6, 2), "Gjilan", Participants.total(9));
            fixture.given(REGISTERED, inQ1, approved, inJune)
                    .when(new RetractActivity(P, null, "t-3", "Recorded twice"))
                    .expectEvents(new ActivityRetracted(P, "t-3", "Recorded twice"));
        }

        @Test
        void aMeasurementDatedBeforeAnApprovedPeriodAndItsCorrectionOrRetractionAreFlaggedInIt() {
            IndicatorMeasured inMarch = new IndicatorMeasured(P, "citizens", "m-1", LocalDate.of(2024, 3, 1), 150.0,
                    null, null, null);
            RecordIndicatorMeasurement late = new RecordIndicatorMeasurement(P, null, "citizens", "m-2",
                    LocalDate.of(2024, 2, 1), 40.0, null, null, null, null);
            fixture.given(REGISTERED, REACHED, approvedQ2).when(late)
                    .expectException(violation("changeReason", "is required: the change alters the figures of approved "
                            + "period(s) [2024-Q2] (each counted up to its end), which are locked; say why they "
                            + "change after approval"))
                    .expectNoEvents();
            fixture.given(REGISTERED, REACHED, approvedQ2)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "m-2", LocalDate.of(2024, 2, 1), 40.0,
                            null, null, null, "The February survey came in late"))
                    .expectEvents(new IndicatorMeasured(P, "citizens", "m-2", LocalDate.of(2024, 2, 1), 40.0, null,
                                    null, null),
                            new ApprovedPeriodChanged(P, List.of("2024-Q2"), 3, "indicator-measured", "m-2",
                                    "The February survey came in late"));
            fixture.given(REGISTERED, REACHED, inMarch, approved, approvedQ2)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-1", LocalDate.of(2024, 3, 1), 15.0, null,
                            null, null, "A zero too many"))
                    .expectEvents(new MeasurementCorrected(P, "citizens", "m-1", LocalDate.of(2024, 3, 1), 15.0, null,
                                    null, null, "A zero too many"),
                            new ApprovedPeriodChanged(P, List.of("2024-Q1", "2024-Q2"), 5, "measurement-corrected",
                                    "m-1", "A zero too many"));
            fixture.given(REGISTERED, REACHED, inMarch, approvedQ2)
                    .when(new RetractMeasurement(P, null, "citizens", "m-1", "Measured in another project"))
                    .expectEvents(new MeasurementRetracted(P, "citizens", "m-1", "Measured in another project"),
                            new ApprovedPeriodChanged(P, List.of("2024-Q2"), 4, "measurement-retracted", "m-1",
                                    "Measured in another project"));
        }

        /**
         * Given {@code history}, correcting an activity to {@code corrected} records the correction and, right after
         * it, its flag in {@code periods} with the correction's reason.
         */
        private void correctedAndFlagged(List<Object> history, TrainingDelivered corrected, String reason,
                                         List<String> periods) {
            Map<String, Object> facts = new LinkedHashMap<>(EventData.of(corrected));
            facts.remove("projectId");
            fixture.given(history).when(new CorrectActivity(P, null, corrected.activityId(), facts, reason))
                    .expectEvents(new ActivityCorrected(P, corrected.activityId(), "training-delivered",
                                    EventData.of(corrected), reason),
                            new ApprovedPeriodChanged(P, periods, history.size(), "activity-corrected",
                                    corrected.activityId(), reason));
        }

        private Matcher<PeriodApproved> approvalOf(long headSequence) {
            return new TypeSafeMatcher<>() {
                @Override
                protected boolean matchesSafely(PeriodApproved event) {
                    return event.periodId().equals("2024-Q1") && event.start().equals(Q1_START)
                            && event.end().equals(Q1_END) && event.headSequence() == headSequence
                            && event.headHash() != null && event.headHash().matches("[0-9a-f]{64}")
                            && "Matches the attendance sheets".equals(event.comment());
                }

                @Override
                public void describeTo(Description description) {
                    description.appendText("an approval of 2024-Q1 naming head " + headSequence + " and its hash");
                }
            };
        }
    }

    @Nested
    class Corrections {

        private final TrainingDelivered original = training("t-1", LocalDate.of(2024, 3, 12), "Gjilan",
                Participants.bySex(18, 14, 3));

        @Test
        void aCorrectionIsANewEventThatStatesTheCorrectedFactsAndWhy() {
            correctsToNineteenOfWhomFifteenWomen(trainingData(LocalDate.of(2024, 3, 12), 19, 15),
                    "One participant signed the sheet late");
        }

        /** The path names the activity; facts imported without their id are still its facts. */
        @Test
        void aCorrectionWhoseFactsLeaveOutTheActivityIdCorrectsTheActivityOfItsPath() {
            Map<String, Object> corrected = trainingData(LocalDate.of(2024, 3, 12), 19, 15);
            corrected.remove("activityId");
            correctsToNineteenOfWhomFifteenWomen(corrected, "One participant signed the sheet late");
        }

        /** Given the original training of 18, {@code corrected} records its correction to 19, 15 of them women. */
        private void correctsToNineteenOfWhomFifteenWomen(Map<String, Object> corrected, String reason) {
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", corrected, reason))
                    .expectEvents(new ActivityCorrected(P, "t-1", "training-delivered",
                            EventData.of(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan",
                                    Participants.bySex(19, 15, 3))), reason));
        }

        @Test
        void aCorrectionStatingOnlyWhatChangesIsToldToStateTheFactsInFull() {
            Map<String, Object> onlyTheDay = new LinkedHashMap<>(Map.of("occurredOn", "2024-03-13"));
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", onlyTheDay, "Held a day later"))
                    .expectException(MalformedFacts.class)
                    .expectExceptionMessage("is required (a correction states the activity's facts in full, as they "
                            + "should stand, not only those that change)")
                    .expectNoEvents();
        }

        /**
         * A client sending only what changes, or one that does not know a member added since (a meeting's delivery
         * mode), would blank a fact without saying so; partners would read it as no longer stated.
         */
        @Test
        void aCorrectionLeavingOutFactsTheActivityStatesIsRefusedNamingEach() {
            fixture.given(REGISTERED, hybridMeeting)
                    .when(new CorrectActivity(P, null, "forum-1", meetingData(48, Map.of()), "Late sign-ups"))
                    .expectException(faults(MalformedFacts.class,
                            "corrected.deliveryMode: is left out, but activity forum-1 states it: state it as null "
                                    + "to clear it (a correction states the activity's facts in full, as they should "
                                    + "stand, not only those that change)",
                            "corrected.institution: is left out, but activity forum-1 states it: state it as null "
                                    + "to clear it (a correction states the activity's facts in full, as they should "
                                    + "stand, not only those that change)",
                            "corrected.participants.bySex: is left out, but activity forum-1 states it: state it as "
                                    + "null to clear it"))
                    .expectNoEvents();
        }

        /**
         * A training's correction stored before trainings had a mode holds no {@code deliveryMode}: readers are shown it
         * in person, as the recording. Read as stating no mode, it let a later correction leave the mode out, and the
         * mode readers saw was blanked without a word.
         */
        @Test
        void aCorrectionMadeBeforeTrainingsHadAModeStillStatesTheModeReadersAreShown() {
            TrainingDelivered inPerson = new TrainingDelivered(P, "t-1", "Case management", LocalDate.of(2024, 3, 12),
                    "Gjilan", Participants.total(5), null, List.of(), null, 1, "in-person");
            Map<String, Object> withoutAMode = trainingData(LocalDate.of(2024, 3, 12), 19, 15);
            assertThat(withoutAMode).doesNotContainKey("deliveryMode");
            fixture.given(REGISTERED, inPerson, new ActivityCorrected(P, "t-1", "training-delivered", withoutAMode,
                            "One participant signed the sheet late"))
                    .when(new CorrectActivity(P, null, "t-1", trainingData(LocalDate.of(2024, 3, 12), 20, 15),
                            "Another sheet found"))
                    .expectException(faults(MalformedFacts.class,
                            "corrected.deliveryMode: is left out, but activity t-1 states it: state it as null to "
                                    + "clear it (a correction states the activity's facts in full, as they should "
                                    + "stand, not only those that change)"))
                    .expectNoEvents();
        }

        @Test
        @SuppressWarnings("unchecked")
        void aCorrectionClearsAFactByStatingItAsNull() {
            Map<String, Object> cleared = new LinkedHashMap<>();
            cleared.put("deliveryMode", null);
            cleared.put("institution", null);
            Map<String, Object> facts = meetingData(48, cleared);
            ((Map<String, Object>) facts.get("participants")).put("bySex", null);
            fixture.given(REGISTERED, hybridMeeting)
                    .when(new CorrectActivity(P, null, "forum-1", facts, "Late sign-ups"))
                    .expectEvents(new ActivityCorrected(P, "forum-1", "meeting-held", EventData.of(new MeetingHeld(P,
                            "forum-1", "Regional forum", LocalDate.of(2024, 5, 2), "Gjilan", Participants.total(48),
                            null, List.of(), "forum", null, null)), "Late sign-ups"));
        }

        @Test
        void aCorrectionMayLeaveOutFactsTheActivityDoesNotState() {
            MeetingHeld unstated = new MeetingHeld(P, "forum-1", "Regional forum", LocalDate.of(2024, 5, 2), "Gjilan",
                    Participants.total(40), null, List.of(), "forum", null, null);
            Map<String, Object> facts = meetingData(48, Map.of());
            facts.remove("plannedActivityId");
            facts.remove("indicatorIds");
            fixture.given(REGISTERED, unstated)
                    .when(new CorrectActivity(P, null, "forum-1", facts, "Late sign-ups"))
                    .expectEvents(new ActivityCorrected(P, "forum-1", "meeting-held", EventData.of(new MeetingHeld(P,
                            "forum-1", "Regional forum", LocalDate.of(2024, 5, 2), "Gjilan", Participants.total(48),
                            null, List.of(), "forum", null, null)), "Late sign-ups"));
        }

        private final MeetingHeld hybridMeeting = new MeetingHeld(P, "forum-1", "Regional forum",
                LocalDate.of(2024, 5, 2), "Gjilan", Participants.bySex(40, 25, 15), null, List.of(), "forum",
                "Municipality of Gjilan", "hybrid");

        /** The hybrid meeting's facts with {@code total} participants and only the members {@code more} adds. */
        private Map<String, Object> meetingData(int total, Map<String, Object> more) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("title", "Regional forum");
            data.put("occurredOn", "2024-05-02");
            data.put("municipality", "Gjilan");
            data.put("participants", new LinkedHashMap<>(Map.of("total", total)));
            data.put("plannedActivityId", null);
            data.put("indicatorIds", List.of());
            data.put("kind", "forum");
            data.putAll(more);
            return data;
        }

        @Test
        void aCorrectionObeysTheSameRulesAsTheOriginal() {
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", trainingData(LocalDate.of(2024, 3, 12), 10, 15), "typo"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", trainingData(LocalDate.of(2023, 3, 12), 18, 14), "typo"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void aCorrectionNamesTheFaultyFieldWhereItSitsInTheRequest() {
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", trainingData(LocalDate.of(2024, 3, 12), 10, 15), "typo"))
                    .expectException(violation("corrected.participants.bySex",
                            "parts add up to 18, more than the total of 10"))
                    .expectNoEvents();
        }

        @Test
        void aCorrectionAgainstSeveralRulesNamesEveryFieldWhereItSitsInTheRequest() {
            Map<String, Object> corrected = trainingData(LocalDate.of(2024, 3, 12), 10, 15);
            corrected.put("sessions", 0);
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", corrected, "typo"))
                    .expectException(faults(ProjectRuleViolation.class,
                            "corrected.participants.bySex: parts add up to 18, more than the total of 10",
                            "corrected.sessions: must be at least 1"))
                    .expectNoEvents();
        }

        @Test
        void factsThatDoNotFitTheTypeAreMalformedAndNamedByTheirPathInTheRequest() {
            Map<String, Object> corrected = trainingData(LocalDate.of(2024, 3, 12), 19, 15);
            corrected.put("sessions", 2.5);
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", corrected, "typo"))
                    .expectException(malformed("corrected.sessions"))
                    .expectNoEvents();
            RecordActivity recorded = record(training("t-2", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(3)));
            recorded.facts().put("participants", "many");
            fixture.given(REGISTERED)
                    .when(recorded)
                    .expectException(malformed("participants"))
                    .expectNoEvents();
        }

        @Test
        void aCorrectionSpellsThePlaceAsTheProgrammeDoes() {
            Map<String, Object> corrected = trainingData(LocalDate.of(2024, 3, 12), 19, 15);
            corrected.put("municipality", "Gjilani");
            correctsToNineteenOfWhomFifteenWomen(corrected, "Place spelled in Albanian definite form");
        }

        @Test
        void aCorrectionNamingAnIndicatorTwiceIsRefused() {
            Map<String, Object> corrected = trainingData(LocalDate.of(2024, 3, 12), 19, 15);
            corrected.put("indicatorIds", List.of("citizens", "citizens"));
            fixture.given(REGISTERED, REACHED, original)
                    .when(new CorrectActivity(P, null, "t-1", corrected, "Counts towards citizens reached"))
                    .expectException(violation("corrected.indicatorIds[1]",
                            "names 'citizens' again: each indicator at most once"))
                    .expectNoEvents();
        }

        @Test
        void aCorrectionCannotMakeAnAdoptedRecommendationItsOwnSource() {
            var adopted = new org.kronika.events.RecommendationAdopted(P, "r-1", "Hearings adopted",
                    LocalDate.of(2024, 3, 20), "Gjilan", null, null, List.of(), "Municipal Assembly", "Hold hearings",
                    null);
            Map<String, Object> citingItself = EventData.of(adopted);
            citingItself.remove("projectId");
            citingItself.put("sourceActivityId", "r-1");
            fixture.given(REGISTERED, adopted)
                    .when(new CorrectActivity(P, null, "r-1", citingItself, "Name the source"))
                    .expectException(violation("corrected.sourceActivityId", "names the adoption itself: the source "
                            + "is the activity the recommendation came from"))
                    .expectNoEvents();
            citingItself.put("sourceActivityId", "t-1");
            fixture.given(REGISTERED, original, adopted)
                    .when(new CorrectActivity(P, null, "r-1", citingItself, "Name the source"))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void anActivityCorrectedAHundredTimesCannotBeCorrectedAgainWhileOthersStillCan() {
            TrainingDelivered other = training("t-2", LocalDate.of(2024, 3, 13), "Gjilan", Participants.total(5));
            List<Object> history = withEvents(REGISTERED, Limits.CORRECTIONS_PER_ACTIVITY, i ->
                    new ActivityCorrected(P, "t-1", "training-delivered", trainingData(LocalDate.of(2024, 3, 12), 19 + i, 15),
                            "recount " + i));
            history.add(1, original);
            history.add(2, other);
            fixture.given(history)
                    .when(new CorrectActivity(P, null, "t-1", trainingData(LocalDate.of(2024, 3, 12), 19, 15), "again"))
                    .expectException(violation("activityId", "already 100 corrections of activity t-1, the most allowed"))
                    .expectNoEvents();
            Map<String, Object> otherCorrected = trainingData(LocalDate.of(2024, 3, 13), 6, 3);
            otherCorrected.put("activityId", "t-2");
            fixture.given(history)
                    .when(new CorrectActivity(P, null, "t-2", otherCorrected, "recount"))
                    .expectSuccessfulHandlerExecution();
        }

        /** As an amendment or redefinition that changes nothing: it would use up one of the hundred corrections. */
        @Test
        void aCorrectionThatChangesNoFactIsRefusedNamingCorrected() {
            Map<String, Object> asRecorded = trainingData(LocalDate.of(2024, 3, 12), 18, 14);
            asRecorded.put("municipality", "Gjilani");
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", asRecorded, "Recount"))
                    .expectException(violation("corrected", "states the facts of activity t-1 as they are: a "
                            + "correction must change at least one fact"))
                    .expectNoEvents();
            ActivityCorrected recounted = new ActivityCorrected(P, "t-1", "training-delivered",
                    EventData.of(training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.bySex(19, 15, 3))),
                    "Recount");
            fixture.given(REGISTERED, original, recounted)
                    .when(new CorrectActivity(P, null, "t-1", trainingData(LocalDate.of(2024, 3, 12), 19, 15), "Again"))
                    .expectException(violation("corrected", "states the facts of activity t-1 as they are: a "
                            + "correction must change at least one fact"))
                    .expectNoEvents();
            fixture.given(REGISTERED, original, recounted)
                    .when(new CorrectActivity(P, null, "t-1", asRecorded, "Back to the first count"))
                    .expectSuccessfulHandlerExecution();
        }

        /**
         * A title pasted with a no-break or zero-width space at its end, or typed where "ë" comes as "e" and a combining
         * diaeresis, shows as the title recorded: such a correction was recorded as a change, using up a correction.
         */
        @Test
        void aCorrectionWhoseTitleDiffersOnlyInWhatDoesNotShowChangesNothing() {
            TrainingDelivered trajnim = new TrainingDelivered(P, "t-1", "Trajnim p\u00ebr mod\u00ebrim",
                    LocalDate.of(2024, 3, 12), "Gjilan", Participants.bySex(18, 14, 3), null, List.of(), null, 1);
            for (String title : List.of("Trajnim p\u00ebr mod\u00ebrim\u00A0", "\u200BTrajnim p\u00ebr mod\u00ebrim",
                    "Trajnim pe\u0308r mode\u0308rim", " Trajnim p\u00ebr mod\u00ebrim\uFEFF")) {
                Map<String, Object> same = trainingData(LocalDate.of(2024, 3, 12), 18, 14);
                same.put("title", title);
                fixture.given(REGISTERED, trajnim)
                        .when(new CorrectActivity(P, null, "t-1", same, "Recount"))
                        .expectException(violation("corrected", "states the facts of activity t-1 as they are: a "
                                + "correction must change at least one fact"))
                        .expectNoEvents();
            }
        }

        /** Each text of a type's own is stored as a title is: a body's name pasted with a no-break space after it. */
        @Test
        void anActivitysOwnTextsAreStoredWithoutWhatShowsNothingAroundThem() {
            BodyEstablished pasted = new BodyEstablished(P, "b-1", "Youth council", LocalDate.of(2024, 3, 12),
                    "Gjilan", Participants.total(9), null, List.of(), "club", "\u200BK\u00ebshilli i t\u00eb "
                    + "rinjve\u00A0", 9);
            fixture.given(REGISTERED)
                    .when(record(pasted))
                    .expectEvents(new BodyEstablished(P, "b-1", "Youth council", LocalDate.of(2024, 3, 12), "Gjilan",
                            Participants.total(9), null, List.of(), "club", "K\u00ebshilli i t\u00eb rinjve",
                            9));
            // An optional one that shows nothing states nothing: not given, rather than "".
            fixture.given(REGISTERED)
                    .when(record(new TrainingDelivered(P, "t-9", "Case management", LocalDate.of(2024, 3, 12), "Gjilan",
                            Participants.total(5), null, List.of(), "\u00A0\u200B", 1)))
                    .expectEvents(training("t-9", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(5)));
        }

        @Test
        void cannotCorrectWithoutAReason() {
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", trainingData(LocalDate.of(2024, 3, 12), 19, 15), " "))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void cannotCorrectAnActivityThatWasNeverRecorded() {
            fixture.given(REGISTERED)
                    .when(new CorrectActivity(P, null, "t-1", trainingData(LocalDate.of(2024, 3, 12), 19, 15), "x"))
                    .expectException(UnknownActivity.class).expectNoEvents();
        }

        @Test
        void cannotMoveFactsToAnotherActivity() {
            Map<String, Object> corrected = trainingData(LocalDate.of(2024, 3, 12), 19, 15);
            corrected.put("activityId", "t-2");
            fixture.given(REGISTERED, original)
                    .when(new CorrectActivity(P, null, "t-1", corrected, "x"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
        }

        @Test
        void retractsAnActivityWithAReasonAndNoLongerAcceptsCorrectionsOfIt() {
            fixture.given(REGISTERED, original)
                    .when(new RetractActivity(P, null, "t-1", "Recorded twice"))
                    .expectEvents(new ActivityRetracted(P, "t-1", "Recorded twice"));
            fixture.given(REGISTERED, original, new ActivityRetracted(P, "t-1", "Recorded twice"))
                    .when(new CorrectActivity(P, null, "t-1", trainingData(LocalDate.of(2024, 3, 12), 19, 15), "x"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED, original, new ActivityRetracted(P, "t-1", "Recorded twice"))
                    .when(new RetractActivity(P, null, "t-1", "again"))
                    .expectException(violation("activityId", "activity t-1 is already retracted: it cannot be "
                            + "corrected or retracted again"))
                    .expectNoEvents();
        }

        private Map<String, Object> trainingData(LocalDate on, int total, int female) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("activityId", "t-1");
            data.put("title", "Case management");
            data.put("occurredOn", on.toString());
            data.put("municipality", "Gjilan");
            data.put("participants", Map.of("total", total, "bySex", Map.of("female", female, "male", 3)));
            data.put("plannedActivityId", null);
            data.put("indicatorIds", List.of());
            data.put("module", null);
            data.put("sessions", 1);
            return data;
        }
    }

    @Nested
    class MeasurementCorrections {

        private final IndicatorMeasured percent = new IndicatorMeasured(P, "citizens", "m-y", LocalDate.of(2024, 1, 31),
                150.0, "Kamenicë", Map.of("sex:female", 80.0), null);

        @Test
        void aCorrectionIsANewEventThatStatesTheMeasurementAnewAndWhy() {
            fixture.given(REGISTERED, REACHED, percent)
                    .when(correct(LocalDate.of(2024, 1, 31), 15.0, "Kamenica", Map.of("sex:female", 8.0),
                            "A zero too many"))
                    .expectEvents(new MeasurementCorrected(P, "citizens", "m-y", LocalDate.of(2024, 1, 31), 15.0,
                            "Kamenicë", Map.of("sex:female", 8.0), null, "A zero too many"));
        }

        @Test
        void aCorrectionObeysTheRecordingRulesAndNamesTheFaultyFieldUnderCorrected() {
            fixture.given(REGISTERED, REACHED, percent)
                    .when(correct(TODAY.plusDays(1), 15.0, null, null, "Later"))
                    .expectException(ProjectRuleViolation.class).expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent)
                    .when(correct(LocalDate.of(2024, 1, 31), -1.0, null, null, "Negative"))
                    .expectException(violation("corrected.value",
                            "must be 0 or between 0.000001 and 1000000000000000 (1e-6 to 1e15)"))
                    .expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent)
                    .when(correct(LocalDate.of(2024, 1, 31), 15.0, "Ferizaj", null, "Elsewhere"))
                    .expectException(violation("corrected.municipality")).expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent)
                    .when(correct(LocalDate.of(2024, 1, 31), 15.0, null, Map.of("name:arta-krasniqi", 1.0), "Named"))
                    .expectException(violation("corrected.breakdown.name:arta-krasniqi")).expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-y", LocalDate.of(2024, 1, 31), 15.0, null,
                            null, new DocumentReference(" ", "survey.xlsx", "0".repeat(64)), "Sourced"))
                    .expectException(violation("corrected.source.title")).expectNoEvents();
        }

        /** As a correction of an activity that changes nothing: it would use up one of the hundred corrections. */
        @Test
        void aCorrectionThatChangesNothingIsRefusedNamingCorrected() {
            fixture.given(REGISTERED, REACHED, percent)
                    .when(correct(LocalDate.of(2024, 1, 31), 150.0, "kamenica", Map.of("sex:female", 80.0), "Again"))
                    .expectException(violation("corrected", "states measurement m-y as it is: a correction must "
                            + "change at least one of its facts"))
                    .expectNoEvents();
            IndicatorMeasured plain = new IndicatorMeasured(P, "citizens", "m-1", TODAY, 5.0, null, null, null);
            fixture.given(REGISTERED, REACHED, plain)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-1", TODAY, 5.0, null, Map.of(), null, "x"))
                    .expectException(violation("corrected", "states measurement m-1 as it is: a correction must "
                            + "change at least one of its facts"))
                    .expectNoEvents();
            MeasurementCorrected fixed = new MeasurementCorrected(P, "citizens", "m-y", LocalDate.of(2024, 1, 31), 15.0,
                    "Kamenicë", Map.of("sex:female", 8.0), null, "A zero too many");
            fixture.given(REGISTERED, REACHED, percent, fixed)
                    .when(correct(LocalDate.of(2024, 1, 31), 15.0, "Kamenicë", Map.of("sex:female", 8.0), "Again"))
                    .expectException(violation("corrected", "states measurement m-y as it is: a correction must "
                            + "change at least one of its facts"))
                    .expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent, fixed)
                    .when(correct(LocalDate.of(2024, 1, 31), 150.0, "Kamenicë", Map.of("sex:female", 80.0),
                            "Back to the first count"))
                    .expectSuccessfulHandlerExecution();
        }

        /**
         * A measurement's source is stored as an activity's document is: a title or reference pasted with a no-break
         * space around it, or decomposed, is the same text. A correction differing only so was recorded, used up one
         * of the corrections and, in an approved period, flagged it.
         */
        @Test
        void aSourceIsStoredAsAnActivitysDocumentIsSoACorrectionAddingOnlyWhatDoesNotShowChangesNothing() {
            DocumentReference survey = new DocumentReference("Survey 2024", "arch/12", "0".repeat(64));
            IndicatorMeasured sourced = new IndicatorMeasured(P, "citizens", "m-y", LocalDate.of(2024, 1, 31), 150.0,
                    null, null, survey);
            fixture.given(REGISTERED, REACHED)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "m-y", LocalDate.of(2024, 1, 31), 150.0,
                            null, null, new DocumentReference("\u00A0Survey 2024 ", "arch/12\u200B", "0".repeat(64)),
                            null))
                    .expectEvents(sourced);
            fixture.given(REGISTERED, REACHED, sourced)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-y", LocalDate.of(2024, 1, 31), 150.0, null,
                            null, new DocumentReference("Survey 2024\u00A0", "arch/12", "0".repeat(64)), "Again"))
                    .expectException(violation("corrected", "states measurement m-y as it is: a correction must "
                            + "change at least one of its facts"))
                    .expectNoEvents();
            // Stored as sent before this rule: the same source.
            IndicatorMeasured storedAsSent = new IndicatorMeasured(P, "citizens", "m-y", LocalDate.of(2024, 1, 31),
                    150.0, null, null, new DocumentReference("Survey 2024\u00A0", "arch/12", "0".repeat(64)));
            fixture.given(REGISTERED, REACHED, storedAsSent)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-y", LocalDate.of(2024, 1, 31), 150.0, null,
                            null, survey, "Again"))
                    .expectException(violation("corrected", "states measurement m-y as it is: a correction must "
                            + "change at least one of its facts"))
                    .expectNoEvents();
        }

        /**
         * As an activity's: a client sending only what changes would blank the place, the breakdown and the source
         * without a word; the figure would leave its municipality for the national level.
         */
        @Test
        void aCorrectionLeavingOutFactsTheMeasurementStatesIsRefusedNamingEach() {
            DocumentReference survey = new DocumentReference("Survey 2024", "arch/12", "0".repeat(64));
            IndicatorMeasured sourced = new IndicatorMeasured(P, "citizens", "m-y", LocalDate.of(2024, 1, 31), 150.0,
                    "Kamenicë", Map.of("sex:female", 80.0), survey);
            String inFull = " (a correction states the measurement's facts in full, as they should stand, not only "
                    + "those that change)";
            fixture.given(REGISTERED, REACHED, sourced)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-y", LocalDate.of(2024, 1, 31), 15.0, null,
                            null, null, "A zero too many", Set.of()))
                    .expectException(faults(MalformedFacts.class,
                            "corrected.breakdown: is left out, but measurement m-y states it: state it as null to "
                                    + "clear it" + inFull,
                            "corrected.municipality: is left out, but measurement m-y states it: state it as null to "
                                    + "clear it" + inFull,
                            "corrected.source: is left out, but measurement m-y states it: state it as null to clear "
                                    + "it" + inFull))
                    .expectNoEvents();
            // What the measurement does not state needs no naming; what it states, named as null, is cleared.
            fixture.given(REGISTERED, REACHED, percent)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-y", LocalDate.of(2024, 1, 31), 15.0, null,
                            null, null, "National after all", Set.of("municipality", "breakdown")))
                    .expectEvents(new MeasurementCorrected(P, "citizens", "m-y", LocalDate.of(2024, 1, 31), 15.0,
                            null, null, null, "National after all"));
            // Once cleared by a correction, it is no longer stated.
            MeasurementCorrected national = new MeasurementCorrected(P, "citizens", "m-y", LocalDate.of(2024, 1, 31),
                    15.0, null, null, null, "National after all");
            fixture.given(REGISTERED, REACHED, percent, national)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-y", LocalDate.of(2024, 1, 31), 16.0, null,
                            null, null, "One more", Set.of()))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void cannotCorrectOrRetractAMeasurementNeverRecordedForTheIndicatorOfThePath() {
            fixture.given(REGISTERED, REACHED, percent)
                    .when(new RetractMeasurement(P, null, "citizens", "m-x", "Never taken"))
                    .expectException(UnknownMeasurement.class).expectNoEvents();
            fixture.given(REGISTERED, REACHED, KITS, percent)
                    .when(new RetractMeasurement(P, null, "kits", "m-y", "Of another indicator"))
                    .expectException(UnknownMeasurement.class).expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent)
                    .when(new CorrectMeasurement(P, null, "nope", "m-y", TODAY, 1.0, null, null, null, "x"))
                    .expectException(UnknownIndicator.class).expectNoEvents();
        }

        @Test
        void cannotCorrectOrRetractAMeasurementWithoutAReason() {
            fixture.given(REGISTERED, REACHED, percent)
                    .when(correct(LocalDate.of(2024, 1, 31), 15.0, null, null, " "))
                    .expectException(violation("reason")).expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent)
                    .when(new RetractMeasurement(P, null, "citizens", "m-y", null))
                    .expectException(violation("reason")).expectNoEvents();
        }

        @Test
        void retractsAMeasurementWithAReasonAndNoLongerAcceptsCorrectionsOrRetractionsOfIt() {
            MeasurementRetracted retracted = new MeasurementRetracted(P, "citizens", "m-y", "Measured elsewhere");
            fixture.given(REGISTERED, REACHED, percent)
                    .when(new RetractMeasurement(P, null, "citizens", "m-y", "Measured elsewhere"))
                    .expectEvents(retracted);
            fixture.given(REGISTERED, REACHED, percent, retracted)
                    .when(correct(LocalDate.of(2024, 1, 31), 15.0, null, null, "x"))
                    .expectException(violation("measurementId", "measurement m-y is already retracted: it cannot be "
                            + "corrected or retracted again"))
                    .expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent, retracted)
                    .when(new RetractMeasurement(P, null, "citizens", "m-y", "again"))
                    .expectException(violation("measurementId", "measurement m-y is already retracted: it cannot be "
                            + "corrected or retracted again"))
                    .expectNoEvents();
            // Its id stays used: a retracted measurement is still in the history.
            fixture.given(REGISTERED, REACHED, percent, retracted)
                    .when(new RecordIndicatorMeasurement(P, null, "citizens", "m-y", TODAY, 15.0, null, null, null,
                            null))
                    .expectException(AlreadyRecorded.class).expectNoEvents();
        }

        @Test
        void aMeasurementCorrectedAHundredTimesCannotBeCorrectedAgainWhileOthersStillCan() {
            IndicatorMeasured other = new IndicatorMeasured(P, "citizens", "m-2", TODAY, 5.0, null, null, null);
            List<Object> history = withEvents(REGISTERED, Limits.CORRECTIONS_PER_MEASUREMENT, i ->
                    new MeasurementCorrected(P, "citizens", "m-y", LocalDate.of(2024, 1, 31), 16.0 + i, null, null,
                            null, "recount " + i));
            history.addAll(1, List.of(REACHED, percent, other));
            fixture.given(history)
                    .when(correct(LocalDate.of(2024, 1, 31), 15.0, null, null, "again"))
                    .expectException(violation("measurementId",
                            "already 100 corrections of measurement m-y, the most allowed"))
                    .expectNoEvents();
            fixture.given(history)
                    .when(new CorrectMeasurement(P, null, "citizens", "m-2", TODAY, 6.0, null, null, null, "recount"))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aRecorderCannotCorrectOrRetractAnotherOrganisationsMeasurement() {
            Map<String, ?> komf = Map.of(ActorMetaData.ROLE, "recorder", ActorMetaData.ORGANISATION, "komf",
                    ActorMetaData.SUBJECT, "recorder-komf");
            fixture.given(REGISTERED, REACHED, percent)
                    .when(correct(LocalDate.of(2024, 1, 31), 15.0, null, null, "not ours"), komf)
                    .expectException(NotYourProject.class).expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent)
                    .when(new RetractMeasurement(P, null, "citizens", "m-y", "not ours"), komf)
                    .expectException(NotYourProject.class).expectNoEvents();
        }

        @Test
        void aCorrectionOrRetractionNamingAnotherVersionThanTheProjectsIsRefused() {
            fixture.given(REGISTERED, REACHED, percent)
                    .when(new CorrectMeasurement(P, 1L, "citizens", "m-y", LocalDate.of(2024, 1, 31), 15.0, null, null,
                            null, "Stale"))
                    .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class)
                    .expectNoEvents();
            fixture.given(REGISTERED, REACHED, percent)
                    .when(new RetractMeasurement(P, 2L, "citizens", "m-y", "Current"))
                    .expectEvents(new MeasurementRetracted(P, "citizens", "m-y", "Current"));
        }

        private CorrectMeasurement correct(LocalDate on, double value, String municipality,
                                           Map<String, Double> breakdown, String reason) {
            return new CorrectMeasurement(P, null, "citizens", "m-y", on, value, municipality, breakdown, null,
                    reason);
        }
    }

    /** The registration followed by {@code count} events made by {@code event} from their index. */
    /**
     * A project is closed out once it has ended and every period it reports on is approved; closed, it records
     * nothing, corrections included, until an administrator reopens it.
     */
    @Nested
    class Closing {

        private static final LocalDate AFTER_THE_END = LocalDate.of(2025, 1, 1);
        private static final List<String> QUARTERS = List.of("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4");
        private final FixtureConfiguration<Project> afterTheEnd = fixtureOn(AFTER_THE_END);
        private static final ProjectClosed CLOSED = new ProjectClosed(P, LocalDate.of(2024, 12, 31), QUARTERS, null);
        private static final ProjectReopened REOPENED = new ProjectReopened(P, "The audit found trainings unrecorded");
        private static final PeriodReopened Q4_REOPENED = new PeriodReopened(P, "2024-Q4", "Figures by community");
        private static final PeriodSubmitted Q4_SUBMITTED = new PeriodSubmitted(P, "2024-Q4", "Now by community");

        /** The approval of one of the programme's 2024 quarters. */
        private PeriodApproved approval(String periodId) {
            ReportingPeriod quarter = ProjectFixtures.periods(ProjectFixtures.programme()).find(periodId).orElseThrow();
            return new PeriodApproved(P, periodId, quarter.start(), quarter.end(), 1, "h", null);
        }

        /** A year's project with an activity and a measurement, every quarter approved: ready to be closed. */
        private List<Object> everyReportApproved() {
            List<Object> history = new ArrayList<>(List.of(REGISTERED, REACHED,
                    training("t-1", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(5)),
                    new IndicatorMeasured(P, "citizens", "m-1", LocalDate.of(2024, 3, 1), 10.0, null, null, null)));
            QUARTERS.forEach(quarter -> history.add(approval(quarter)));
            return history;
        }

        private List<Object> closedOut(Object... after) {
            List<Object> history = new ArrayList<>(everyReportApproved());
            history.add(CLOSED);
            history.addAll(List.of(after));
            return history;
        }

        @Test
        void anEndedProjectWithEveryReportApprovedIsClosedWithItsEndDateAndItsPeriodsInTheOrderOfTheirStart() {
            List<Object> approvedOutOfOrder = new ArrayList<>(List.of(REGISTERED, approval("2024-Q3"),
                    approval("2024-Q1"), approval("2024-Q4"), approval("2024-Q2")));
            afterTheEnd.given(approvedOutOfOrder)
                    .when(new CloseProject(P, null, "Final report approved; the grant is closed"))
                    .expectResultMessagePayload(new CommandResult(P, 5))
                    .expectEvents(new ProjectClosed(P, LocalDate.of(2024, 12, 31), QUARTERS,
                            "Final report approved; the grant is closed"));
        }

        /** Its last, partial period is one it reports on; a project before the programme's calendar has none. */
        @Test
        void aProjectEndingInsideAPeriodClosesWithItAndOneOverlappingNoPeriodWithNone() {
            fixtureOn(LocalDate.of(2024, 5, 16)).given(registered(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 5, 15)),
                            approval("2024-Q1"), approval("2024-Q2"))
                    .when(new CloseProject(P, null, null))
                    .expectEvents(new ProjectClosed(P, LocalDate.of(2024, 5, 15), List.of("2024-Q1", "2024-Q2"), null));
            fixture.given(registered(LocalDate.of(2021, 3, 1), LocalDate.of(2021, 11, 30)))
                    .when(new CloseProject(P, null, null))
                    .expectEvents(new ProjectClosed(P, LocalDate.of(2021, 11, 30), List.of(), null));
        }

        /**
         * Every closure is kept, and the hundredth is final: a reopening after it is refused, so the project stays
         * closed rather than open with no closure left to it. The one before it is reopened.
         */
        @Test
        void aProjectClosedAHundredTimesStaysClosed() {
            List<Object> history = new ArrayList<>(everyReportApproved());
            for (int i = 0; i < Limits.CLOSURES_PER_PROJECT; i++) {
                history.add(CLOSED);
                history.add(REOPENED);
            }
            List<Object> hundredth = history.subList(0, history.size() - 1);
            afterTheEnd.given(hundredth).when(new ReopenProject(P, null, "Once more"))
                    .expectException(violation("projectId", "already 100 closures of this project, the most allowed"))
                    .expectNoEvents();
            afterTheEnd.given(history.subList(0, history.size() - 3)).when(new ReopenProject(P, null, "Once more"))
                    .expectEvents(new ProjectReopened(P, "Once more"));
        }

        /** As a report is approved only once its period is over: to close early, an admin amends the end date. */
        @Test
        void aProjectIsClosedOnlyOnceItHasEndedFromTheDayAfterItsLast() {
            fixtureOn(LocalDate.of(2024, 12, 31)).given(everyReportApproved()).when(new CloseProject(P, null, null))
                    .expectException(faults(NotClosable.class, "endDate: the project ends on 2024-12-31; it can be "
                            + "closed from 2025-01-01 (to close it earlier, an administrator amends its end date "
                            + "first)"))
                    .expectNoEvents();
        }

        @Test
        void aClosureIsRefusedNamingEveryPeriodWhoseReportIsNotApprovedWhereverItStands() {
            afterTheEnd.given(REGISTERED, approval("2024-Q1"), new PeriodReopened(P, "2024-Q1", "By community"),
                            new PeriodSubmitted(P, "2024-Q2", "Q2"), new PeriodSubmitted(P, "2024-Q3", "Q3"),
                            new PeriodReturned(P, "2024-Q3", "Add ages"))
                    .when(new CloseProject(P, null, "Done"))
                    .expectException(faults(NotClosable.class,
                            "periodId: the report for 2024-Q1 is open again since its reopening, not approved",
                            "periodId: the report for 2024-Q2 is submitted, not approved",
                            "periodId: the report for 2024-Q3 is returned, not approved",
                            "periodId: the report for 2024-Q4 was never submitted"))
                    .expectNoEvents();
            fixture.given(REGISTERED, approval("2024-Q1")).when(new CloseProject(P, null, null))
                    .expectException(faults(NotClosable.class, "endDate: the project ends on 2024-12-31; it can be "
                                    + "closed from 2025-01-01 (to close it earlier, an administrator amends its end date "
                                    + "first)", "periodId: the report for 2024-Q2 was never submitted",
                            "periodId: the report for 2024-Q3 was never submitted",
                            "periodId: the report for 2024-Q4 was never submitted"))
                    .expectNoEvents();
        }

        /**
         * A closure makes the figures final, so each must be as an officer approved them: a report changed since its
         * last approval (a late activity, flagged) is named with the change, the first since then, until approved again.
         */
        @Test
        void aClosureIsRefusedNamingEveryApprovedPeriodChangedSinceItsApprovalUntilItIsApprovedAgain() {
            TrainingDelivered late = training("t-2", LocalDate.of(2024, 8, 2), "Gjilan", Participants.total(9));
            TrainingDelivered later = training("t-3", LocalDate.of(2024, 5, 2), "Gjilan", Participants.total(4));
            List<Object> changed = new ArrayList<>(everyReportApproved());
            changed.addAll(List.of(late, new ApprovedPeriodChanged(P, List.of("2024-Q3", "2024-Q4"), 8,
                    "training-delivered", "t-2", "Sheet found late"), later, new ApprovedPeriodChanged(P,
                    List.of("2024-Q2", "2024-Q3", "2024-Q4"), 10, "training-delivered", "t-3", "Another sheet")));
            afterTheEnd.given(changed).when(new CloseProject(P, null, "Done"))
                    .expectException(faults(NotClosable.class,
                            "periodId: the report for 2024-Q2 was approved, but changed by event 10 since: reopen it, "
                                    + "have it submitted and approved again",
                            "periodId: the report for 2024-Q3 was approved, but changed by event 8 since: reopen it, "
                                    + "have it submitted and approved again",
                            "periodId: the report for 2024-Q4 was approved, but changed by event 8 since: reopen it, "
                                    + "have it submitted and approved again"))
                    .expectNoEvents();

            // Reopened, a report is open again, whatever changed it; approved again, it is final as it now stands.
            changed.addAll(List.of(new PeriodReopened(P, "2024-Q2", "Late sheets"),
                    new PeriodReopened(P, "2024-Q3", "Late sheets"), new PeriodSubmitted(P, "2024-Q3", "With them"),
                    approval("2024-Q3")));
            afterTheEnd.given(changed).when(new CloseProject(P, null, "Done"))
                    .expectException(faults(NotClosable.class,
                            "periodId: the report for 2024-Q2 is open again since its reopening, not approved",
                            "periodId: the report for 2024-Q4 was approved, but changed by event 8 since: reopen it, "
                                    + "have it submitted and approved again"))
                    .expectNoEvents();
            changed.addAll(List.of(new PeriodSubmitted(P, "2024-Q2", "With them"), approval("2024-Q2"),
                    Q4_REOPENED, Q4_SUBMITTED, approval("2024-Q4")));
            afterTheEnd.given(changed).when(new CloseProject(P, null, "Done"))
                    .expectEvents(new ProjectClosed(P, LocalDate.of(2024, 12, 31), QUARTERS, "Done"));
        }

        /**
         * Where the donor's fiscal year is a calendar beside the quarters, its periods the project's dates overlap are
         * owed as the quarters are, and are its final reports in the order of their start with the quarters.
         */
        @Test
        void aPeriodOfAnotherCalendarMustBeApprovedTooAndIsNamedAmongTheQuartersInTheOrderOfItsStart() {
            ReportingPeriods quarters = ProjectFixtures.periods(ProjectFixtures.programme());
            List<ReportingPeriod> fiscalYears = List.of(
                    new ReportingPeriod("FY2023-24", "fiscal-years", "2023/24", LocalDate.of(2023, 7, 1),
                            LocalDate.of(2024, 6, 30), LocalDate.of(2024, 8, 31)),
                    new ReportingPeriod("FY2024-25", "fiscal-years", "2024/25", LocalDate.of(2024, 7, 1),
                            LocalDate.of(2025, 6, 30), LocalDate.of(2025, 8, 31)));
            ReportingPeriods bothCalendars = () -> java.util.stream.Stream.concat(quarters.all().stream(),
                    fiscalYears.stream()).toList();
            FixtureConfiguration<Project> closing = fixtureFor(ProjectFixtures.programme(), bothCalendars,
                    Clock.fixed(AFTER_THE_END.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
            List<Object> quartersApproved = everyReportApproved();
            quartersApproved.add(new PeriodApproved(P, "FY2023-24", LocalDate.of(2023, 7, 1),
                    LocalDate.of(2024, 6, 30), 1, "h", null));

            closing.given(quartersApproved).when(new CloseProject(P, null, null))
                    .expectException(faults(NotClosable.class, "periodId: the report for FY2024-25 was never submitted"))
                    .expectNoEvents();

            quartersApproved.add(new PeriodApproved(P, "FY2024-25", LocalDate.of(2024, 7, 1),
                    LocalDate.of(2025, 6, 30), 1, "h", null));
            closing.given(quartersApproved).when(new CloseProject(P, null, null))
                    .expectEvents(new ProjectClosed(P, LocalDate.of(2024, 12, 31), List.of("FY2023-24", "2024-Q1",
                            "2024-Q2", "2024-Q3", "FY2024-25", "2024-Q4"), null));
        }

        @Test
        void aClosuresCommentIsOptionalButNeverBlankNorOverlong() {
            afterTheEnd.given(everyReportApproved()).when(new CloseProject(P, null, " "))
                    .expectException(violation("comment", "must not be blank")).expectNoEvents();
            afterTheEnd.given(everyReportApproved()).when(new CloseProject(P, null, "x".repeat(2001)))
                    .expectException(violation("comment", "must be at most 2000 characters")).expectNoEvents();
        }

        /**
         * Each command to an existing project but a reopening; with the events that, once the project is reopened,
         * make it one the project takes: refused only for being closed.
         */
        static List<org.junit.jupiter.params.provider.Arguments> everyCommandButAReopening() {
            Map<String, Object> corrected = EventData.of((Record) training("t-1", LocalDate.of(2024, 3, 12), "Gjilan",
                    Participants.total(6)));
            corrected.remove("projectId");
            return List.of(
                    closing(new AmendProjectDetails(P, null, "Participation, final", null, null, null, null, null,
                            null, "Retitled")),
                    closing(new DefineIndicator(P, null, "kits", "Kits distributed", "count", "items", "sum", 0.0,
                            400.0, null, null, null, "Defined late")),
                    closing(new RedefineIndicator(P, null, "citizens", null, 1200.0, null, null, null, "Higher")),
                    closing(new RecordIndicatorMeasurement(P, null, "citizens", "m-2", LocalDate.of(2024, 6, 1), 12.0,
                            null, null, null, "Late survey")),
                    closing(new CorrectMeasurement(P, null, "citizens", "m-1", LocalDate.of(2024, 3, 1), 11.0, null,
                            null, null, "Recounted")),
                    closing(new RetractMeasurement(P, null, "citizens", "m-1", "Measured twice")),
                    closing(new PlanActivity(P, null, "trainings", "Trainings", "training-delivered", 4, null)),
                    closing(recordBecause(training("t-2", LocalDate.of(2024, 4, 2), "Gjilan", Participants.total(9)),
                            "Sheet found in the archive")),
                    closing(new CorrectActivity(P, null, "t-1", corrected, "Recounted")),
                    closing(new RetractActivity(P, null, "t-1", "Never happened")),
                    closing(new SubmitPeriod(P, null, "2024-Q4", "Now by community"), Q4_REOPENED),
                    closing(new ReturnPeriod(P, null, "2024-Q4", "Add ages"), Q4_REOPENED, Q4_SUBMITTED),
                    closing(new ApprovePeriod(P, null, "2024-Q4", null), Q4_REOPENED, Q4_SUBMITTED),
                    closing(new ReopenPeriod(P, null, "2024-Q1", "Figures by community")),
                    closing(new CloseProject(P, null, "Closed again")));
        }

        private static org.junit.jupiter.params.provider.Arguments closing(VersionedCommand command,
                                                                          Object... onceReopened) {
            return org.junit.jupiter.params.provider.Arguments.of(command.getClass().getSimpleName(), command,
                    List.of(onceReopened));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("everyCommandButAReopening")
        void aClosedProjectRefusesEveryCommandButAReopeningAndTakesItOnceReopened(String name, Object command,
                                                                                   List<Object> onceReopened) {
            afterTheEnd.given(closedOut()).when(command)
                    .expectException(ClosedProject.class).expectNoEvents();
            List<Object> reopenedHistory = closedOut(REOPENED);
            reopenedHistory.addAll(onceReopened);
            fixtureOn(AFTER_THE_END).given(reopenedHistory).when(command).expectSuccessfulHandlerExecution();
        }

        /** Every command a project handles but its registration and reopening is among those tried above. */
        @Test
        void everyCommandToAnExistingProjectButAReopeningIsTriedClosed() {
            List<Class<?>> handled = java.util.Arrays.stream(Project.class.getDeclaredMethods())
                    .filter(method -> method.isAnnotationPresent(CommandHandler.class))
                    .map(method -> method.getParameterTypes()[0])
                    .filter(type -> type != ReopenProject.class).distinct().toList();
            List<Class<?>> tried = everyCommandButAReopening().stream()
                    .<Class<?>>map(arguments -> arguments.get()[1].getClass()).toList();
            assertThat(tried).containsExactlyInAnyOrderElementsOf(handled);
        }

        @Test
        void aClosedProjectSaysWhenItWasClosedAndThatAnAdministratorMustReopenIt() {
            List<Object> history = new ArrayList<>(everyReportApproved());
            history.add(GenericEventMessage.asEventMessage(CLOSED)
                    .andMetaData(Map.of(ChainMetaData.RECORDED_AT, "2025-01-20T09:30:00Z")));
            afterTheEnd.given(history).when(new RetractActivity(P, null, "t-1", "Never happened"))
                    .expectException(new TypeSafeMatcher<ClosedProject>() {
                        @Override
                        protected boolean matchesSafely(ClosedProject e) {
                            return e.getMessage().equals("Project nopm was closed out at 2025-01-20T09:30:00Z: nothing "
                                    + "more is recorded in it; an administrator must reopen it first")
                                    && "2025-01-20T09:30:00Z".equals(e.closedAt());
                        }

                        @Override
                        public void describeTo(Description description) {
                            description.appendText("closed at 2025-01-20T09:30:00Z");
                        }
                    })
                    .expectNoEvents();
        }

        /** A recorder of another organisation learns nothing of the project, a stale If-Match only its version. */
        @Test
        void theSendersRightsAndTheVersionAreCheckedBeforeTheClosure() {
            afterTheEnd.given(closedOut()).when(record(training("t-2", LocalDate.of(2024, 4, 2), "Gjilan",
                            Participants.total(9))), Map.of(ActorMetaData.ROLE, "recorder",
                            ActorMetaData.ORGANISATION, "komf", ActorMetaData.SUBJECT, "recorder-komf"))
                    .expectException(NotYourProject.class).expectNoEvents();
            afterTheEnd.given(closedOut()).when(new RetractActivity(P, 3L, "t-1", "Never happened"))
                    .expectException(ConflictingAggregateVersionException.class).expectNoEvents();
            afterTheEnd.given(closedOut()).when(new RetractActivity(P, 8L, "t-1", "Never happened"))
                    .expectException(ClosedProject.class).expectNoEvents();
        }

        @Test
        void onlyAClosedProjectIsReopenedAndWithAReason() {
            afterTheEnd.given(everyReportApproved()).when(new ReopenProject(P, null, "Why not"))
                    .expectException(NotClosed.class).expectNoEvents();
            afterTheEnd.given(closedOut(REOPENED)).when(new ReopenProject(P, null, "Again"))
                    .expectException(NotClosed.class).expectNoEvents();
            afterTheEnd.given(closedOut()).when(new ReopenProject(P, null, " "))
                    .expectException(violation("reason", "must not be blank")).expectNoEvents();
            afterTheEnd.given(closedOut()).when(new ReopenProject(P, null, "x".repeat(1001)))
                    .expectException(violation("reason", "must be at most 1000 characters")).expectNoEvents();
        }

        /** Reopened, it records under the usual rules (a change to an approved period still needs its reason). */
        @Test
        void aReopenedProjectRecordsAgainAndIsClosedAgainWithANewClosure() {
            afterTheEnd.given(closedOut()).when(new ReopenProject(P, null, REOPENED.reason()))
                    .expectEvents(REOPENED);
            TrainingDelivered found = training("t-2", LocalDate.of(2024, 4, 2), "Gjilan", Participants.total(9));
            afterTheEnd.given(closedOut(REOPENED)).when(record(found))
                    .expectException(violation("changeReason")).expectNoEvents();
            afterTheEnd.given(closedOut(REOPENED)).when(recordBecause(found, "Found by the audit"))
                    .expectEvents(found, new ApprovedPeriodChanged(P, List.of("2024-Q2", "2024-Q3", "2024-Q4"), 10,
                            "training-delivered", "t-2", "Found by the audit"));
            ApprovedPeriodChanged flagged = new ApprovedPeriodChanged(P, List.of("2024-Q2", "2024-Q3", "2024-Q4"), 10,
                    "training-delivered", "t-2", "Found by the audit");
            afterTheEnd.given(closedOut(REOPENED, found, flagged)).when(new CloseProject(P, null, "Closed again"))
                    .expectException(faults(NotClosable.class,
                            "periodId: the report for 2024-Q2 was approved, but changed by event 10 since: reopen it, "
                                    + "have it submitted and approved again",
                            "periodId: the report for 2024-Q3 was approved, but changed by event 10 since: reopen it, "
                                    + "have it submitted and approved again",
                            "periodId: the report for 2024-Q4 was approved, but changed by event 10 since: reopen it, "
                                    + "have it submitted and approved again"))
                    .expectNoEvents();
            List<Object> approvedAgain = closedOut(REOPENED, found, flagged);
            for (String quarter : List.of("2024-Q2", "2024-Q3", "2024-Q4")) {
                approvedAgain.addAll(List.of(new PeriodReopened(P, quarter, "The audit's training"),
                        new PeriodSubmitted(P, quarter, "With it"), approval(quarter)));
            }
            afterTheEnd.given(approvedAgain).when(new CloseProject(P, null, "Closed again"))
                    .expectEvents(new ProjectClosed(P, LocalDate.of(2024, 12, 31), QUARTERS, "Closed again"));
            afterTheEnd.given(closedOut(REOPENED, Q4_REOPENED, Q4_SUBMITTED)).when(new CloseProject(P, null, null))
                    .expectException(faults(NotClosable.class, "periodId: the report for 2024-Q4 is submitted, not "
                            + "approved"))
                    .expectNoEvents();
        }
    }

    /**
     * Each event's time, which its hash covers: the clock's, and never before the event it follows, so a history read
     * by time (as known at an instant) finds each event where its sequence puts it, even after the clock stepped back.
     */
    @Nested
    class RecordedTimes {

        private static final java.time.Instant NOW = TODAY.atStartOfDay().toInstant(ZoneOffset.UTC);

        @Test
        void anEventIsRecordedAtTheClocksTimeAfterTheOneItFollows() {
            fixture.given(recordedAt(REGISTERED, NOW.minusSeconds(3600)))
                    .when(aTraining())
                    .expectSuccessfulHandlerExecution();
            assertThat(times()).containsExactly(NOW.minusSeconds(3600), NOW);
        }

        @Test
        void whenTheClockSteppedBackAnEventIsRecordedWhenTheOneBeforeItWasAndHashedSo() {
            java.time.Instant ahead = NOW.plusSeconds(90);
            fixture.given(recordedAt(REGISTERED, ahead))
                    .when(aTraining())
                    .expectSuccessfulHandlerExecution();
            assertThat(times()).containsExactly(ahead, ahead);
            var recorded = links().get(1);
            assertThat(recorded.getMetaData().get(ChainMetaData.HASH)).as("the hash covers the time recorded")
                    .isEqualTo(NextLink.metaData((ProjectEvent) recorded.getPayload(), 0L,
                            ChainHead.of(links().get(0).getMetaData()), Clock.fixed(ahead, ZoneOffset.UTC))
                            .get(ChainMetaData.HASH));
        }

        /** A project loaded from its snapshot still knows when its last event was recorded, and keeps to it. */
        @Test
        void aSnapshotKeepsWhenTheLastEventWasRecorded() {
            org.kronika.command.config.AxonConfig config = new org.kronika.command.config.AxonConfig();
            org.axonframework.serialization.Serializer snapshots = config.serializer(config.contractRevisionResolver());
            fixture.given(recordedAt(REGISTERED, NOW.plusSeconds(90)))
                    .when(aTraining())
                    .expectState(project -> {
                        var stored = snapshots.serialize(project, String.class);
                        String head = "\"head\":{\"hash\":\"" + links().get(1).getMetaData().get(ChainMetaData.HASH)
                                + "\",\"recordedAt\":\"" + NOW.plusSeconds(90) + "\"}";
                        assertThat(stored.getData()).contains(head);
                        Project restored = snapshots.deserialize(stored);
                        assertThat(snapshots.serialize(restored, String.class).getData()).as("read back")
                                .contains(head);
                    });
        }

        /** Seconds behind are a clock NTP stepped back; more than a minute a clock set wrong, which is said. */
        @Test
        void aClockMoreThanAMinuteBehindTheLastEventIsWarnedOfOnceAMinute() {
            java.time.Instant then = java.time.Instant.parse("2024-07-01T09:00:00Z");
            ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                    .getLogger(NextLink.class);
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                    new ch.qos.logback.core.read.ListAppender<>();
            logs.start();
            logger.addAppender(logs);
            try {
                recordOn(then, then.plusSeconds(59));
                assertThat(logs.list).as("59 s behind").isEmpty();
                recordOn(then, then.plusSeconds(150));
                assertThat(logs.list).singleElement().satisfies(warning -> {
                    assertThat(warning.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                    assertThat(warning.getFormattedMessage()).startsWith("This instance's clock "
                            + "(2024-07-01T09:00:00Z) is PT2M30S behind the last event of nopm, recorded at "
                            + "2024-07-01T09:02:30Z: event 1 is recorded at that time");
                });
                recordOn(then.plusSeconds(59), then.plusSeconds(300));
                assertThat(logs.list).as("within the minute").hasSize(1);
                recordOn(then.plusSeconds(60), then.plusSeconds(300));
                assertThat(logs.list).as("a minute on").hasSize(2);
            } finally {
                logger.detachAppender(logs);
            }
        }

        /** A training recorded on a clock at {@code now} after the registration recorded at {@code last}. */
        private void recordOn(java.time.Instant now, java.time.Instant last) {
            fixtureFor(ProjectFixtures.programme(), Clock.fixed(now, ZoneOffset.UTC))
                    .given(recordedAt(REGISTERED, last))
                    .when(aTraining())
                    .expectSuccessfulHandlerExecution();
        }

        /** The command each test decides: a training, which any open project takes. */
        private static RecordActivity aTraining() {
            return record(training("t-1", LocalDate.of(2024, 4, 2), "Gjilan", Participants.total(9)));
        }

        private static Object recordedAt(Object event, java.time.Instant at) {
            return GenericEventMessage.asEventMessage(event)
                    .andMetaData(Map.of(ChainMetaData.RECORDED_AT, at.toString(), ChainMetaData.HASH, "h" + at));
        }

        private List<java.time.Instant> times() {
            return links().stream().map(e -> java.time.Instant.parse((String) e.getMetaData()
                    .get(ChainMetaData.RECORDED_AT))).toList();
        }

        private List<? extends org.axonframework.eventhandling.DomainEventMessage<?>> links() {
            return fixture.getEventStore().readEvents(P).asStream().toList();
        }
    }

    private static List<Object> withEvents(ProjectRegistered registered, int count, IntFunction<Object> event) {
        List<Object> history = new ArrayList<>(List.of(registered));
        IntStream.range(0, count).mapToObj(event).forEach(history::add);
        return history;
    }

    private static List<Object> withIndicators(int count) {
        return withEvents(REGISTERED, count, i -> new IndicatorDefined(P, "indicator-" + i, "Indicator " + i, "count",
                "activities", "sum", 0, 10, List.of(), List.of()));
    }

    private static List<String> indicatorIds(int count) {
        return IntStream.range(0, count).mapToObj(i -> "indicator-" + i).toList();
    }

    /** The programme with {@code count} reporting periods, {@code period-0}, {@code period-1}, ... */
    /** {@link #REGISTERED}, running from {@code start} to {@code end}. */
    private static ProjectRegistered registered(LocalDate start, LocalDate end) {
        return new ProjectRegistered(P, REGISTERED.organisationId(), REGISTERED.organisation(), false,
                REGISTERED.title(), REGISTERED.summary(), REGISTERED.generalGoal(), REGISTERED.specificObjectives(),
                REGISTERED.targetGroups(), REGISTERED.municipalities(), start, end);
    }

    private static Programme programmeWithPeriods(int count) {
        Programme shipped = ProjectFixtures.programme();
        List<Programme.Quarter> periods = IntStream.range(0, count).mapToObj(i -> new Programme.Quarter(
                "period-" + i, LocalDate.of(2000 + i, 1, 1), LocalDate.of(2000 + i, 12, 31))).toList();
        return new Programme(shipped.programmeId(), shipped.name(), shipped.municipalities(), shipped.ambiguousNames(),
                shipped.sexCategories(), shipped.ageBands(), shipped.communities(), periods, shipped.timeZone(),
                shipped.daysToReport());
    }

    /** The refusal the rule under test gives, not just any: naming the field, with the rule's message. */
    private static Matcher<MalformedFacts> malformed(String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(MalformedFacts e) {
                return e.field().equals(field);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("malformed facts at " + field);
            }
        };
    }

    /** An id already used, the refusal saying whether what is recorded under it is what the command states. */
    private static Matcher<AlreadyRecorded> alreadyRecorded(String field, boolean sameFacts) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(AlreadyRecorded e) {
                return e.field().equals(field) && Boolean.valueOf(sameFacts).equals(e.sameFacts());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(field + " already recorded, " + (sameFacts ? "the same" : "other") + " facts");
            }
        };
    }

    /** A violation naming {@code field}, whatever its message. */
    private static Matcher<ProjectRuleViolation> violation(String field) {
        return violation(field, null);
    }

    /** @param message the rule's message; null for any */
    private static Matcher<ProjectRuleViolation> violation(String field, String message) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ProjectRuleViolation e) {
                return e.field().equals(field) && (message == null || e.getMessage().equals(message));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a violation of " + field + (message == null ? "" : ": " + message));
            }
        };
    }

    private static RegisterProject register(List<String> municipalities, LocalDate start, LocalDate end) {
        return new RegisterProject(P, "nopm", "Network of Peace Movement", false, "Participation in local decision-making",
                "Citizens take part in budgeting", "Better local governance", List.of("Raise awareness"),
                List.of("Citizens", "Village councils"), municipalities, start, end);
    }

    private static RecordActivity recordBecause(ActivityEvent activity, String changeReason) {
        RecordActivity plain = record(activity);
        return new RecordActivity(P, null, plain.activityType(), plain.facts(), changeReason);
    }

    /** The activity as a client states it: its type, and its data without the projectId the path gives. */
    private static RecordActivity record(ActivityEvent activity) {
        Map<String, Object> facts = EventData.of((Record) activity);
        facts.remove("projectId");
        return new RecordActivity(P, null, EventTypes.of(activity.getClass()).name(), facts, null);
    }

    private static TrainingDelivered training(String id, LocalDate on, String municipality, Participants participants) {
        return new TrainingDelivered(P, id, "Case management", on, municipality, participants, null, List.of(), null, 1);
    }
}
