package org.kronika.command.project;

import org.axonframework.modelling.command.AggregateLifecycle;
import org.kronika.events.ActivityEvent;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * The rules about a project's activities, asked of its {@link ActivityLedger} as of the version the command is
 * decided on: what was recorded, corrected, retracted.
 */
final class Activities {

    private final ActivityLedger ledger;
    private final String projectId;
    private final long version;

    private Activities(ActivityLedger ledger, String projectId, long version) {
        this.ledger = ledger;
        this.projectId = projectId;
        this.version = version;
    }

    /** Inside a command handler: the ledger as of the project's version before the command's events. */
    static Activities of(ActivityLedger ledger, String projectId) {
        return new Activities(ledger, projectId, AggregateLifecycle.getVersion());
    }

    boolean contains(String activityId) {
        return find(activityId).isPresent();
    }

    /** A new activity's id is not used yet; if it is, the refusal says whether the activity stated is the one there. */
    void requireNew(ActivityEvent activity) {
        String activityId = activity.activityId();
        Rules.requireId("activityId", activityId);
        Optional<RecordedActivity> recorded = find(activityId);
        if (recorded.isEmpty()) {
            return;
        }
        RecordedActivity was = recorded.get();
        // As the ledger would keep the activity stated: its type and the fingerprint of its facts, by the one fold.
        RecordedActivity stated = ActivityChange.of(activity).orElseThrow().applyTo(Optional.empty());
        if (was.retracted()) {
            throw AlreadyRecorded.withOtherFacts("activityId", activityId, projectId, "(a " + was.type()
                    + ", retracted since): a retracted activity stays retracted; record this one under another id");
        }
        if (was.type().equals(stated.type())) {
            if (was.facts() == null) {
                // A row an instance of an older version wrote has no fingerprint: no claim either way.
                throw AlreadyRecorded.withFactsUnknown("activityId", activityId, projectId);
            }
            if (was.facts().equals(stated.facts())) {
                throw AlreadyRecorded.withTheseFacts("activityId", activityId, projectId);
            }
        }
        throw AlreadyRecorded.withOtherFacts("activityId", activityId, projectId, "(a " + was.type()
                + ", as last recorded or corrected): to change its facts, send a correction to /api/projects/"
                + projectId + "/activities/" + activityId + "/corrections");
    }

    /** An activity that was recorded and not retracted: only such an activity can change. */
    RecordedActivity requireActive(String activityId) {
        if (!Rules.isId(activityId)) {
            throw new UnknownActivity(projectId, activityId);
        }
        RecordedActivity activity = find(activityId).orElseThrow(() -> new UnknownActivity(projectId, activityId));
        if (activity.retracted()) {
            throw new ProjectRuleViolation("activityId", "activity " + activityId + " is already retracted: it cannot be "
                    + "corrected or retracted again");
        }
        return activity;
    }

    static void requireRoomForCorrection(String activityId, RecordedActivity activity) {
        Rules.roomForOneMore("activityId", activity.corrections(), Limits.CORRECTIONS_PER_ACTIVITY,
                "corrections of activity " + activityId);
    }

    /** The day of the latest activity standing (not retracted), or empty when none. */
    Optional<LocalDate> lastDay() {
        return ledger.lastDay(projectId, version);
    }

    /** A correction that changes nothing, as such an amendment, would only use up one of the activity's corrections. */
    static void requireChange(String activityId, RecordedActivity activity, Map<String, Object> corrected) {
        if (Changes.ofFacts(corrected).equals(activity.facts())) {
            throw new ProjectRuleViolation("corrected", "states the facts of activity " + activityId
                    + " as they are: a correction must change at least one fact");
        }
    }

    private Optional<RecordedActivity> find(String activityId) {
        return ledger.find(projectId, activityId, version);
    }
}
