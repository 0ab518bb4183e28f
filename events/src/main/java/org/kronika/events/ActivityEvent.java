package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * Something a project did. Every activity event carries the same core facts; each type adds its own.
 * Indicator progress is derived from these facts: an activity counts towards the indicators it names.
 */
public sealed interface ActivityEvent extends ProjectEvent permits TrainingDelivered, MentoringSessionHeld,
        MeetingHeld, DocumentPublished, RecommendationAdopted, RegulationProgressed, CampaignRun, MediaProduced,
        MaterialsDistributed, MemorandumSigned, BodyEstablished, AwardGranted, YouthInitiativeImplemented {

    /** Unique within the project; corrections and retractions refer to it. */
    String activityId();

    /** What it was, in the project's own words. */
    String title();

    /** The day it happened (or was completed). */
    LocalDate occurredOn();

    /** Where it happened; {@code null} for activities at national level or online. */
    String municipality();

    /** Who took part; {@code null} where nobody "takes part" (a published report, a signed memorandum). */
    Participants participants();

    /** The planned activity of the logframe this implements, or {@code null}. */
    String plannedActivityId();

    /** Indicators this activity counts towards; each indicator's definition says what it counts. */
    List<String> indicatorIds();
}
