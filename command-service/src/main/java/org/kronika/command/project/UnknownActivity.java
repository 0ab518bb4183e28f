package org.kronika.command.project;

/** The activity to correct or retract was never recorded in this project. */
public class UnknownActivity extends Refusal {

    public UnknownActivity(String projectId, String activityId) {
        super("No activity " + activityId + " is recorded in project " + projectId);
    }
}
