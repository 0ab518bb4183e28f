package org.kronika.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalogue of published event types: the one place where a Java record meets its public name. */
public final class EventTypes {

    private static final List<EventType> ALL = List.of(
            new EventType(ProjectRegistered.class, "project-registered", 1),
            new EventType(ProjectDetailsAmended.class, "project-details-amended", 1),
            new EventType(IndicatorDefined.class, "indicator-defined", 1, List.of("municipalityTargets")),
            new EventType(IndicatorRedefined.class, "indicator-redefined", 1, List.of("municipalityTargets")),
            new EventType(IndicatorMeasured.class, "indicator-measured", 1),
            new EventType(ActivityPlanned.class, "activity-planned", 1),
            new EventType(TrainingDelivered.class, "training-delivered", 1, List.of("deliveryMode")),
            new EventType(MentoringSessionHeld.class, "mentoring-session-held", 1),
            new EventType(MeetingHeld.class, "meeting-held", 1, List.of("deliveryMode")),
            new EventType(DocumentPublished.class, "document-published", 1),
            new EventType(RecommendationAdopted.class, "recommendation-adopted", 1),
            new EventType(RegulationProgressed.class, "regulation-progressed", 1),
            new EventType(CampaignRun.class, "campaign-run", 1),
            new EventType(MediaProduced.class, "media-produced", 1),
            new EventType(MaterialsDistributed.class, "materials-distributed", 1),
            new EventType(MemorandumSigned.class, "memorandum-signed", 1),
            new EventType(BodyEstablished.class, "body-established", 1),
            new EventType(AwardGranted.class, "award-granted", 1),
            new EventType(YouthInitiativeImplemented.class, "youth-initiative-implemented", 1),
            new EventType(ActivityCorrected.class, "activity-corrected", 1),
            new EventType(ActivityRetracted.class, "activity-retracted", 1),
            new EventType(PeriodSubmitted.class, "period-submitted", 1),
            new EventType(PeriodReturned.class, "period-returned", 1),
            new EventType(PeriodApproved.class, "period-approved", 1),
            new EventType(PeriodReopened.class, "period-reopened", 1),
            new EventType(ApprovedPeriodChanged.class, "approved-period-changed", 1),
            new EventType(MeasurementCorrected.class, "measurement-corrected", 1),
            new EventType(MeasurementRetracted.class, "measurement-retracted", 1),
            new EventType(ReportingPeriodDefined.class, "reporting-period-defined", 1),
            new EventType(ProjectClosed.class, "project-closed", 1),
            new EventType(ProjectReopened.class, "project-reopened", 1));

    private static final Map<Class<?>, EventType> BY_CLASS =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));
    private static final Map<String, EventType> BY_CLOUD_EVENT_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::cloudEventType, Function.identity()));
    private static final Map<String, EventType> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));

    private EventTypes() {
    }

    public static List<EventType> all() {
        return ALL;
    }

    public static EventType of(Class<?> javaType) {
        EventType type = BY_CLASS.get(javaType);
        if (type == null) {
            throw new IllegalArgumentException(javaType.getName() + " is not a published event type");
        }
        return type;
    }

    /** The type by its stable name, e.g. {@code meeting-held}. */
    public static Optional<EventType> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The activity types: what {@code POST /api/projects/{id}/activities/{type}} accepts. */
    public static List<EventType> activityTypes() {
        return ALL.stream().filter(type -> ActivityEvent.class.isAssignableFrom(type.javaType())).toList();
    }

    /** Empty for a type this version of the contract does not know: readers must skip it, not fail. */
    public static Optional<EventType> forCloudEventType(String cloudEventType) {
        return Optional.ofNullable(BY_CLOUD_EVENT_TYPE.get(cloudEventType));
    }
}
