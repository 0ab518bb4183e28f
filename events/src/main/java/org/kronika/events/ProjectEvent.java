package org.kronika.events;

/**
 * Something that happened to a project. Every event names its project: the project id is the Kafka record key
 * and the CloudEvents subject, so a partner can follow one project without reading the others.
 */
public sealed interface ProjectEvent extends KronikaEvent permits ProjectRegistered, ProjectDetailsAmended,
        IndicatorDefined, IndicatorRedefined, IndicatorMeasured, MeasurementCorrected, MeasurementRetracted,
        ActivityPlanned, ActivityEvent, ActivityCorrected, ActivityRetracted, PeriodSubmitted, PeriodReturned, PeriodApproved, PeriodReopened, ApprovedPeriodChanged,
        ProjectClosed, ProjectReopened {

    String projectId();

    @Override
    default String subject() {
        return projectId();
    }
}
