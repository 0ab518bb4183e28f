package org.kronika.command.project;

/**
 * The activity id was already used in this project. Retrying a command with the same activity id is therefore
 * safe: it can never record the same activity twice.
 */
public class ActivityAlreadyRecorded extends RuntimeException {

    private final String activityId;

    public ActivityAlreadyRecorded(String projectId, String activityId) {
        super("Activity " + activityId + " is already recorded in project " + projectId);
        this.activityId = activityId;
    }

    public String activityId() {
        return activityId;
    }
}
