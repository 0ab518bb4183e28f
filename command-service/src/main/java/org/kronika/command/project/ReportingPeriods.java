package org.kronika.command.project;

import java.util.List;
import java.util.Optional;

/**
 * The reporting periods the programme has defined, as they stand when a project's command is decided. A port: the
 * programme's calendar keeps them in a stream of its own.
 */
public interface ReportingPeriods {

    /** Every period of every calendar of the programme, in the order they were defined. */
    List<ReportingPeriod> all();

    default Optional<ReportingPeriod> find(String periodId) {
        return all().stream().filter(period -> period.periodId().equals(periodId)).findFirst();
    }
}
