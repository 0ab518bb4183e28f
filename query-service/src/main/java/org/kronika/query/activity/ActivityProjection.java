package org.kronika.query.activity;

import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.ContractDefaults;
import org.kronika.events.KronikaEvent;
import org.kronika.query.stream.InapplicableEvent;
import org.kronika.query.stream.ReceivedEvent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds activity events, corrections and retractions into the {@link Activity} they concern: one document per
 * activity, every statement of it kept.
 */
public final class ActivityProjection {

    /** The id of the activity an event concerns, or null for other events. */
    public static String activityId(ReceivedEvent received) {
        return activityId(received.event());
    }

    /** The id of the activity an event concerns, or null for other events and none. */
    public static String activityId(KronikaEvent event) {
        if (event instanceof ActivityEvent activity) {
            return activity.activityId();
        } else if (event instanceof ActivityCorrected corrected) {
            return corrected.activityId();
        } else if (event instanceof ActivityRetracted retracted) {
            return retracted.activityId();
        }
        return null;
    }

    /**
     * @param stored      the activity as stored, or null; it may already hold this event's statement if it was
     *                    applied before a crash, which is why the change starts from the activity as it was before
     * @param nextOrdinal the ordinal a newly recorded activity gets
     */
    public ActivityChange apply(ReceivedEvent received, Activity stored, long nextOrdinal) {
        Activity before = stored == null ? null : stored.before(received.sequence());
        if (received.event() instanceof ActivityEvent activity) {
            if (before != null) {
                throw new InapplicableEvent("activity " + activity.activityId() + " is already recorded (event "
                        + before.recordedSequence() + ")");
            }
            long ordinal = stored != null && stored.recordedSequence() == received.sequence() ? stored.ordinal()
                    : nextOrdinal;
            return new ActivityChange(null, new Activity(received.projectId(), activity.activityId(),
                    received.typeName(), ordinal, List.of(statement(received, received.typeName(), null,
                    received.data())), null));
        }
        if (received.event() instanceof ActivityCorrected corrected) {
            Activity existing = existing(before, corrected.activityId());
            if (!existing.type().equals(corrected.activityType())) {
                throw new InapplicableEvent("activity " + corrected.activityId() + " is a " + existing.type()
                        + ", not a " + corrected.activityType());
            }
            Activity.Statement correction = statement(received, existing.type(), corrected.reason(),
                    corrected.corrected());
            try {
                ActivityData.read(existing.type(), correction.data());
            } catch (IllegalArgumentException e) {
                throw new InapplicableEvent("the corrected activity does not read as a " + existing.type() + ": "
                        + e.getMessage());
            }
            return new ActivityChange(existing, existing.corrected(correction));
        }
        if (received.event() instanceof ActivityRetracted retracted) {
            Activity existing = existing(before, retracted.activityId());
            return new ActivityChange(existing, existing.retract(new Activity.Retraction(received.sequence(),
                    received.recordedAt(), retracted.reason())));
        }
        throw new IllegalArgumentException("Not an activity event: " + received.type());
    }

    private static Activity existing(Activity before, String activityId) {
        if (before == null) {
            throw new InapplicableEvent("activity " + activityId + " was never recorded");
        }
        if (before.isRetracted()) {
            throw new InapplicableEvent("activity " + activityId + " was retracted");
        }
        return before;
    }

    private static Activity.Statement statement(ReceivedEvent received, String type, String reason,
                                                Map<String, Object> data) {
        Map<String, Object> stated = new LinkedHashMap<>(data == null ? Map.of() : data);
        stated.remove("projectId");
        // As the command side reads it: a training stated before trainings had a mode is in person.
        return new Activity.Statement(received.sequence(), received.recordedAt(), reason,
                ContractDefaults.activityFacts(type, stated));
    }
}
