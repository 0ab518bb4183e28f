package org.kronika.query.calendar;

import org.kronika.events.ReportingPeriodDefined;

import java.time.LocalDate;

/**
 * A reporting period the programme defined by command, as its calendar stream published it.
 *
 * @param sequence   the definition's place in the programme's stream
 * @param recordedAt when the command side recorded the definition; {@code null} for a quarter of the programme file
 *                   standing in for one not (yet) defined, and for a definition projected before this was kept
 */
public record DefinedPeriod(String programmeId, String periodId, String calendar, String name, LocalDate start,
                            LocalDate end, LocalDate dueDate, long sequence, java.time.Instant recordedAt) {

    /** Whether both say the same of the period, at the same place in the programme's stream: the same record. */
    public boolean sameDefinition(DefinedPeriod other) {
        // Null-safe throughout: a record written by another than the command side may lack a member.
        return java.util.Objects.equals(programmeId, other.programmeId)
                && java.util.Objects.equals(periodId, other.periodId)
                && java.util.Objects.equals(calendar, other.calendar) && java.util.Objects.equals(name, other.name)
                && java.util.Objects.equals(start, other.start) && java.util.Objects.equals(end, other.end)
                && java.util.Objects.equals(dueDate, other.dueDate) && sequence == other.sequence;
    }

    public static DefinedPeriod of(ReportingPeriodDefined defined, long sequence, java.time.Instant recordedAt) {
        return new DefinedPeriod(defined.programmeId(), defined.periodId(), defined.calendar(), defined.name(),
                defined.start(), defined.end(), defined.dueDate(), sequence, recordedAt);
    }
}
