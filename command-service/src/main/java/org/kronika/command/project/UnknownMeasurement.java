package org.kronika.command.project;

/** The measurement to correct or retract was never recorded for the indicator the path names. */
public class UnknownMeasurement extends Refusal {

    public UnknownMeasurement(String projectId, String indicatorId, String measurementId) {
        super("No measurement " + measurementId + " of indicator " + indicatorId + " is recorded in project "
                + projectId);
    }
}
