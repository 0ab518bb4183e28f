package org.kronika.command.project;

import java.util.Optional;

/**
 * The reporting periods the programme has defined, as they stand when a project's command is decided. A port: the
 * programme's calendar keeps them in a stream of its own.
 */
public interface ReportingPeriods {

    Optional<ReportingPeriod> find(String periodId);
}
