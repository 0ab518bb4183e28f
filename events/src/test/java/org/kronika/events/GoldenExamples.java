package org.kronika.events;

import org.kronika.events.chain.EventData;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One realistic example of every event type, drawn from the seed projects: the contract's golden examples. */
final class GoldenExamples {

    private static final String P = "nopm-local-governance";
    private static final Participants CITIZENS = new Participants(64, Map.of("female", 29, "male", 33),
            Map.of("18-24", 10, "25-34", 18, "35-64", 30, "65-plus", 4), Map.of("albanian", 55, "serb", 7));
    private static final DocumentReference REPORT = new DocumentReference("Monitoring report on public participation 2024",
            "https://example.org/reports/participation-2024.pdf",
            "4f2b9c3f0d5e7a1b8c6d2e4f9a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a2b");

    private GoldenExamples() {
    }

    static List<KronikaEvent> all() {
        TrainingDelivered training = new TrainingDelivered(P, "school-training-vushtrri", "Training in schools on taking part in decision-making",
                LocalDate.of(2024, 3, 12), "Vushtrri", new Participants(28, Map.of("female", 15, "male", 12),
                Map.of("15-17", 28), Map.of()), "school-trainings", List.of("citizens-engaged"),
                "Decision-making and policy-making participation", 2, "hybrid");
        // Built as the command side builds it: the corrected activity is a record of its type, published whole
        // through EventData, its project id included, so it validates against its own type's schema.
        Map<String, Object> corrected = EventData.of(new TrainingDelivered(P, training.activityId(), training.title(),
                training.occurredOn(), training.municipality(), new Participants(30, Map.of("female", 16, "male", 13),
                Map.of("15-17", 30), Map.of()), training.plannedActivityId(), training.indicatorIds(),
                training.module(), training.sessions(), training.deliveryMode()));
        return List.of(
                new ProjectRegistered(P, "nopm", "Network of Peace Movement (NOPM)", false,
                        "Citizens and CSOs in local decision-making",
                        "Public participation in decision-making, policy-making and accountability.",
                        "Raise awareness and increase the participation of citizens and CSOs in local decision-making.",
                        List.of("Harmonise and adopt municipal regulations with civil society"),
                        List.of("Citizens, including women and youth groups", "Village councils"),
                        List.of("Mitrovicë e Jugut", "Vushtrri", "Skënderaj"), LocalDate.of(2023, 9, 1),
                        LocalDate.of(2025, 6, 30)),
                new ProjectDetailsAmended(P, null, null, null, null, null, null, LocalDate.of(2025, 8, 31),
                        "No-cost extension agreed with the donor"),
                new IndicatorDefined(P, "kits-distributed", "Citizen Investment Kits distributed", "count", "items", "sum",
                        0, 600, List.of(new PeriodTarget("2024-Q2", 300), new PeriodTarget("2024-Q3", 600)),
                        List.of("municipality"), List.of(new MunicipalityTarget("Mitrovicë e Jugut", 200),
                        new MunicipalityTarget("Skënderaj", 200), new MunicipalityTarget("Vushtrri", 200))),
                new IndicatorRedefined(P, "citizens-engaged", null, null, null, List.of("sex", "age-band", "community",
                        "municipality"), "The donor asks for a breakdown by community"),
                new IndicatorMeasured(P, "aware-of-budgeting", "survey-2024-06", LocalDate.of(2024, 6, 30), 31.5,
                        null, Map.of("sex:female", 33.0, "sex:male", 30.1), new DocumentReference("Citizen survey June 2024",
                        "survey-2024-06.xlsx", "9b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a2b4f2b9c3f0d5e7a1b8c6d2e4f9a")),
                new ActivityPlanned(P, "kits-200-per-municipality",
                        "Facilitate the distribution of 200 Citizen Investment Kits in each municipality",
                        "materials-distributed", 3, List.of("kits-distributed")),
                training,
                new MentoringSessionHeld(P, "mentoring-work-plans", "Mentoring municipal departments on annual work plans",
                        LocalDate.of(2024, 4, 4), "Skënderaj", Participants.bySex(9, 5, 4), null, List.of(),
                        "Annual work plans and reporting", 2),
                new MeetingHeld(P, "budget-hearing-vushtrri-1", "Budget hearing with the budget and finance department",
                        LocalDate.of(2024, 4, 18), "Vushtrri", CITIZENS, null, List.of("citizens-engaged"),
                        "budget-hearing", "Municipality of Vushtrri, Directorate of Budget and Finance", "in-person"),
                new DocumentPublished(P, "monitoring-report-2024", REPORT.title(), LocalDate.of(2024, 6, 28), null, null,
                        null, List.of(), "monitoring-report", REPORT),
                new RecommendationAdopted(P, "recommendation-hearings", "Assembly adopts quarterly hearings",
                        LocalDate.of(2024, 7, 10), "Skënderaj", null, null, List.of(), "Municipal Assembly of Skënderaj",
                        "Hold a public budget hearing every quarter", "monitoring-report-2024"),
                new RegulationProgressed(P, "regulation-consultations-adopted", "Regulation on public consultations adopted",
                        LocalDate.of(2024, 9, 5), "Vushtrri", null, null, List.of("regulations-adopted"), "adopted",
                        "Regulation on public consultation procedures", "Municipal Assembly of Vushtrri"),
                new CampaignRun(P, "campaign-participation", "Campaign on the value of public participation",
                        LocalDate.of(2024, 5, 20), null, null, null, List.of(), "awareness", "social media and local TV",
                        12000),
                new MediaProduced(P, "video-spot-participation", "Video spot on public participation and CSOs",
                        LocalDate.of(2024, 5, 15), null, null, null, List.of(), "video-spot", 1, null),
                new MaterialsDistributed(P, "kits-vushtrri", "Citizen Investment Kits distributed in Vushtrri",
                        LocalDate.of(2024, 5, 2), "Vushtrri", null, "kits-200-per-municipality", List.of("kits-distributed"),
                        "Citizen Investment Kit", 200),
                new MemorandumSigned(P, "mou-skenderaj", "Memorandum of understanding with the Municipality of Skënderaj",
                        LocalDate.of(2024, 2, 8), "Skënderaj", null, null, List.of(), "Municipality of Skënderaj", null),
                new BodyEstablished(P, "oversight-group-vushtrri", "Citizen oversight group on capital investments",
                        LocalDate.of(2024, 6, 3), "Vushtrri", null, null, List.of(), "oversight-mechanism",
                        "Citizen oversight group of Vushtrri", 11),
                new AwardGranted(P, "small-grants-village-councils", "Small grants to village councils",
                        LocalDate.of(2024, 8, 1), null, null, null, List.of(), "grant", 6,
                        "Village council initiatives on local needs"),
                new YouthInitiativeImplemented(P, "youth-initiative-skenderaj", "Youth recycling points at three schools",
                        LocalDate.of(2024, 8, 24), "Skënderaj", new Participants(35, Map.of("female", 18, "male", 17),
                        Map.of("15-17", 20, "18-24", 15), Map.of()), null, List.of(),
                        "Set up recycling points at three schools"),
                new ActivityCorrected(P, "school-training-vushtrri", "training-delivered", corrected,
                        "Two students signed a separate attendance sheet"),
                new ActivityRetracted(P, "campaign-participation", "Recorded under the wrong project"),
                new MeasurementCorrected(P, "aware-of-budgeting", "survey-2024-06", LocalDate.of(2024, 6, 30), 35.1,
                        null, Map.of("sex:female", 37.0, "sex:male", 33.4), new DocumentReference(
                        "Citizen survey June 2024, revised weighting", "survey-2024-06-rev1.xlsx",
                        "1e381d8c4878566a228c1410fd577ba4e10001077ed7fa0049d3890b60ca325c"),
                        "The survey's weighting by municipality was applied after the first count"),
                new MeasurementRetracted(P, "aware-of-budgeting", "survey-2024-03",
                        "A pilot of the questionnaire, not the survey"),
                new ReportingPeriodDefined("kosovo-albania-civil-society", "FY2024-25", "fiscal-years",
                        "Fiscal year 2024/25", LocalDate.of(2024, 7, 1), LocalDate.of(2025, 6, 30),
                        LocalDate.of(2025, 8, 31)),
                new PeriodSubmitted(P, "2024-Q3", "All trainings and the hearing in Vushtrri are recorded"),
                new PeriodReturned(P, "2024-Q3", "The Skënderaj initiative lacks its participants by sex"),
                new PeriodApproved(P, "2024-Q3", LocalDate.of(2024, 7, 1), LocalDate.of(2024, 9, 30), 41,
                        "3b1e5c8f0a9d2e47b6c13f58a0e9d7c2b4f61a83e5d09c7b2a4f8e16d3c5b907", "Figures match the sheets"),
                new PeriodReopened(P, "2024-Q3", "The donor asked for the Q3 figures by community"),
                new ApprovedPeriodChanged(P, List.of("2024-Q3"), 44, "activity-corrected", "school-training-vushtrri",
                        "Two students signed a separate attendance sheet, found after approval"),
                // Every period of every calendar that the project's dates overlap (up to its end as extended above), ordered
                // by start, then end: what the command side lists.
                new ProjectClosed(P, LocalDate.of(2025, 8, 31), List.of("2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2",
                        "2024-Q3", "FY2024-25", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"),
                        "Final report approved; the grant is closed"),
                new ProjectReopened(P, "The final audit found two trainings in Skënderaj that were never recorded"));
    }
}
