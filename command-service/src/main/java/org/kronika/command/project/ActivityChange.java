package org.kronika.command.project;

import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.ContractDefaults;
import org.kronika.events.EventTypes;
import org.kronika.events.chain.EventData;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * What one event changes in a project's {@link ActivityLedger}: the one fold from events to the ledger, which
 * every keeper of a ledger applies, so that none can answer otherwise than the events.
 */
public sealed interface ActivityChange {

    String activityId();

    /** The activity as it is after this change, from what it was before (empty if the ledger did not have it). */
    RecordedActivity applyTo(Optional<RecordedActivity> before);

    /** The change an event of a project makes, or empty when it does not touch the ledger. */
    static Optional<ActivityChange> of(Object event) {
        if (event instanceof ActivityEvent recorded) {
            Map<String, Object> facts = EventData.of((Record) recorded);
            return Optional.of(new Recorded(recorded.activityId(), EventTypes.of(recorded.getClass()).name(),
                    recorded.occurredOn(), Changes.ofFacts(facts), StatedFacts.of(facts)));
        }
        if (event instanceof ActivityCorrected corrected) {
            // A training's correction made before trainings had a mode states it as the recording does once upcast,
            // and as readers are shown it (in person): read as stating none, a later correction leaving the mode
            // out was let through, and blanked it.
            Map<String, Object> facts = ContractDefaults.activityFacts(corrected.activityType(),
                    corrected.corrected());
            Object occurredOn = facts.get("occurredOn");
            return Optional.of(new Corrected(corrected.activityId(),
                    occurredOn == null ? null : LocalDate.parse(occurredOn.toString()),
                    Changes.ofFacts(facts), StatedFacts.of(facts)));
        }
        if (event instanceof ActivityRetracted retracted) {
            return Optional.of(new Retracted(retracted.activityId()));
        }
        return Optional.empty();
    }

    record Recorded(String activityId, String type, LocalDate occurredOn, String facts, StatedFacts stated)
            implements ActivityChange {
        @Override
        public RecordedActivity applyTo(Optional<RecordedActivity> before) {
            return new RecordedActivity(type, occurredOn, false, 0, facts, stated);
        }
    }

    /** A correction counts, states the facts anew, and moves the activity's day when it states one. */
    record Corrected(String activityId, LocalDate occurredOn, String facts, StatedFacts stated)
            implements ActivityChange {
        @Override
        public RecordedActivity applyTo(Optional<RecordedActivity> before) {
            RecordedActivity was = before.orElseThrow(() -> unknown(activityId));
            return new RecordedActivity(was.type(), occurredOn == null ? was.occurredOn() : occurredOn,
                    was.retracted(), was.corrections() + 1, facts, stated);
        }
    }

    record Retracted(String activityId) implements ActivityChange {
        @Override
        public RecordedActivity applyTo(Optional<RecordedActivity> before) {
            RecordedActivity was = before.orElseThrow(() -> unknown(activityId));
            return new RecordedActivity(was.type(), was.occurredOn(), true, was.corrections(), was.facts(),
                    was.stated());
        }
    }

    /** The aggregate never records a change of an activity it does not have: the events are not a history. */
    private static IllegalStateException unknown(String activityId) {
        return new IllegalStateException("A change of activity " + activityId + ", which was never recorded");
    }
}
