package org.kronika.query.project;

import org.kronika.events.ProjectClosed;
import org.kronika.query.stream.ReceivedEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One closure of a project, as its {@code project-closed} recorded it, and the reopening that ended it, if one did.
 * Kept with the summary, closures and reopenings alike, so a replay to a version or a day before a reopening still
 * knows the project was closed then; each needs an administrator's reopening, and the command side takes at most
 * 100 (vocabulary.md, section 8).
 *
 * @param sequence  the closure's place in the project's history
 * @param at        when it was recorded: the project is closed from then
 * @param by        who closed it, as the event's headers name them
 * @param endDate   the project's last day as it stood when closed
 * @param periodIds its final reports, in the order of their start
 * @param comment   the officer's note, or null
 * @param reopened  the reopening that followed, or null while the project stays closed
 */
public record Closure(long sequence, Instant at, ReceivedEvent.Actor by, LocalDate endDate, List<String> periodIds,
                      String comment, Reopening reopened) {

    public Closure {
        periodIds = periodIds == null ? List.of() : List.copyOf(periodIds);
    }

    /** An administrator's reopening: the project records again from then. */
    public record Reopening(long sequence, Instant at, ReceivedEvent.Actor by, String reason) {
    }

    static Closure of(ProjectClosed closed, ReceivedEvent received) {
        return new Closure(received.sequence(), received.recordedAt(), received.actor(), closed.endDate(),
                closed.periodIds(), closed.comment(), null);
    }

    Closure reopenedBy(Reopening reopening) {
        return new Closure(sequence, at, by, endDate, periodIds, comment, reopening);
    }

    /**
     * This closure as it stood once the event at {@code version} had been applied, and by the instant {@code until}
     * ({@code null} for no bound): null if it was not recorded yet, without its reopening if that came later.
     */
    Closure asOf(long version, Instant until) {
        if (sequence > version || (until != null && at.isAfter(until))) {
            return null;
        }
        boolean reopenedThen = reopened != null && reopened.sequence() <= version
                && (until == null || !reopened.at().isAfter(until));
        return reopenedThen || reopened == null ? this : reopenedBy(null);
    }

    boolean standing() {
        return reopened == null;
    }
}
