package org.kronika.query.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One activity a project recorded, with every statement of it: the original and each correction, in order, and
 * its retraction if it was withdrawn. One document per activity; corrections per activity are bounded by the
 * command side, so it never grows without bound.
 *
 * @param type    public activity type, e.g. {@code training-delivered}
 * @param ordinal its place among the project's activities in the order they were first recorded (0, 1, ...)
 * @param states  the original statement first, then each correction; never empty
 */
public record Activity(String projectId, String activityId, String type, long ordinal, List<Statement> states,
                       Retraction retracted) {

    /**
     * @param reason why it was corrected; {@code null} for the original statement
     * @param data   the activity's data as stated, as its type's schema describes it (without the project id)
     */
    public record Statement(long sequence, Instant recordedAt, String reason, Map<String, Object> data) {
    }

    public record Retraction(long sequence, Instant recordedAt, String reason) {
    }

    public Activity {
        states = List.copyOf(states);
        if (states.isEmpty()) {
            throw new IllegalArgumentException("An activity is stated at least once");
        }
    }

    public Statement current() {
        return states.get(states.size() - 1);
    }

    public boolean isRetracted() {
        return retracted != null;
    }

    public boolean isCorrected() {
        return states.size() > 1;
    }

    /** The sequence of the event that first recorded it. */
    public long recordedSequence() {
        return states.get(0).sequence();
    }

    /**
     * The activity as it stood just before the event at {@code sequence}; null if it did not exist yet. Applying
     * an event again after a crash starts from here, so a statement is never applied twice.
     */
    public Activity before(long sequence) {
        return asOf(sequence - 1);
    }

    /** As known once the event at {@code version} had been applied; null if not recorded by then. */
    public Activity asOf(long version) {
        List<Statement> known = states.stream().filter(s -> s.sequence() <= version).toList();
        if (known.isEmpty()) {
            return null;
        }
        Retraction retraction = retracted != null && retracted.sequence() <= version ? retracted : null;
        return known.size() == states.size() && retraction == retracted ? this
                : new Activity(projectId, activityId, type, ordinal, known, retraction);
    }

    public Activity corrected(Statement correction) {
        List<Statement> all = new ArrayList<>(states);
        all.add(correction);
        return new Activity(projectId, activityId, type, ordinal, all, retracted);
    }

    public Activity retract(Retraction retraction) {
        return new Activity(projectId, activityId, type, ordinal, states, retraction);
    }
}
