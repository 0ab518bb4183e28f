package org.kronika.events;

/**
 * Something that happened to the programme as a whole, such as a reporting period it defined. Its stream's subject
 * is {@code programme:} and the programme id, which no project id can be (a project id has no colon).
 */
public sealed interface ProgrammeEvent extends KronikaEvent permits ReportingPeriodDefined {

    String SUBJECT_PREFIX = "programme:";

    String programmeId();

    @Override
    default String subject() {
        return SUBJECT_PREFIX + programmeId();
    }
}
