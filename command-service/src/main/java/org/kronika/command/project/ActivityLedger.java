package org.kronika.command.project;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The activities a project recorded, as its rules need them: their types, which were retracted, how often corrected. */
final class ActivityLedger {

    /** Activity id → its public type name, which a correction must keep. */
    private Map<String, String> types = new HashMap<>();
    /** Activity id → the day it happened, as last corrected: what an approved period's lock is checked against. */
    private Map<String, LocalDate> dates = new HashMap<>();
    private Set<String> retracted = new HashSet<>();
    /** Activity id → how often it was corrected; only activities corrected at least once. */
    private Map<String, Integer> corrections = new HashMap<>();

    void recorded(String activityId, String type, LocalDate occurredOn) {
        types.put(activityId, type);
        dates.put(activityId, occurredOn);
    }

    void corrected(String activityId, LocalDate occurredOn) {
        corrections.merge(activityId, 1, Integer::sum);
        if (occurredOn != null) {
            dates.put(activityId, occurredOn);
        }
    }

    LocalDate occurredOn(String activityId) {
        return dates.get(activityId);
    }

    void retracted(String activityId) {
        retracted.add(activityId);
    }

    boolean contains(String activityId) {
        return types.containsKey(activityId);
    }

    void requireNew(String projectId, String activityId) {
        Rules.requireNewId("activityId", activityId, types.keySet(), projectId);
    }

    /** The type of an activity that was recorded and not retracted: only such an activity can change. */
    String requireActive(String projectId, String activityId) {
        Rules.requireId("activityId", activityId);
        String type = types.get(activityId);
        if (type == null) {
            throw new UnknownActivity(projectId, activityId);
        }
        if (retracted.contains(activityId)) {
            throw new ProjectRuleViolation("activityId", "activity " + activityId + " was retracted");
        }
        return type;
    }

    void requireRoomForCorrection(String activityId) {
        Rules.roomForOneMore("activityId", corrections.getOrDefault(activityId, 0),
                Limits.CORRECTIONS_PER_ACTIVITY, "corrections of activity " + activityId);
    }
}
