package org.kronika.query.projection;

import org.kronika.events.ProgrammeEvent;
import org.kronika.events.ReportingPeriodDefined;
import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.stream.ReceivedEvent;
import org.kronika.query.stream.RejectedRecords;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The programme's own stream holds only its calendar, whose definitions are facts independent of one another:
 * unlike a project's events, they need no order and no summary. A type this reader does not know is passed.
 */
final class CalendarStream {

    private final ReadModelStores stores;
    private final ProjectionMetrics metrics;
    private final NextCheckpoint nextCheckpoint;
    private final RejectedRecords rejected;
    private final ProgrammeStreams programmeStreams = new ProgrammeStreams();

    CalendarStream(ReadModelStores stores, ProjectionMetrics metrics, NextCheckpoint nextCheckpoint) {
        this.rejected = new RejectedRecords(stores.generations().database()).in(stores.generation());
        this.stores = stores;
        this.metrics = metrics;
        this.nextCheckpoint = nextCheckpoint;
    }

    /**
     * Stores the definitions of the programme's streams among the events, and counts them; returns the others,
     * each project's in the order read, the projects in the order first read.
     */
    Map<String, List<ReceivedEvent>> projectEvents(List<ReceivedEvent> events) {
        Map<String, List<ReceivedEvent>> byProject = new LinkedHashMap<>();
        List<DefinedPeriod> defined = new ArrayList<>();
        Map<DefinedPeriod, ReceivedEvent> read = new java.util.IdentityHashMap<>();
        int programmeApplied = 0;
        int programmeRecognised = 0;
        for (ReceivedEvent event : events) {
            if (event.projectId().startsWith(ProgrammeEvent.SUBJECT_PREFIX)) {
                var outcome = programmeStreams.read(event.projectId(), event.sequence(),
                        () -> lastDefinition(event.projectId()));
                if (outcome == ProgrammeStreams.Outcome.DUPLICATE) {
                    metrics.duplicate();
                    continue;
                }
                // Recognised too: a batch's definitions may have been stored in part before a stop.
                programmeEvent(event).ifPresent(period -> {
                    defined.add(period);
                    read.put(period, event);
                });
                if (outcome == ProgrammeStreams.Outcome.APPLIED) {
                    programmeApplied++;
                } else {
                    programmeRecognised++;
                }
            } else {
                byProject.computeIfAbsent(event.projectId(), k -> new ArrayList<>()).add(event);
            }
        }
        // A definition never changes once made: written again or out of order, it says the same. One that says
        // otherwise is set aside, as a second, different record of a project's event is, and the first stands.
        for (DefinedPeriod contradicting : stores.periods().saveAll(defined)) {
            ReceivedEvent event = read.get(contradicting);
            if (rejected.setAside(event, "defines reporting period " + contradicting.periodId() + " of "
                    + event.projectId() + " again, otherwise than its first definition; the command side defines a "
                    + "period once: this record was forged or altered")) {
                metrics.conflicting();
            }
        }
        nextCheckpoint.applied(programmeApplied);
        nextCheckpoint.recognised(programmeRecognised);
        return byProject;
    }

    /** The last sequence of a programme's stream that the store holds, {@code -1} if none. */
    private long lastDefinition(String stream) {
        return stores.periods().of(stream.substring(ProgrammeEvent.SUBJECT_PREFIX.length())).stream()
                .mapToLong(DefinedPeriod::sequence).max().orElse(-1);
    }

    private static Optional<DefinedPeriod> programmeEvent(ReceivedEvent event) {
        return event.event() instanceof ReportingPeriodDefined defined
                ? Optional.of(DefinedPeriod.of(defined, event.sequence(), event.recordedAt()))
                : Optional.empty();
    }
}
