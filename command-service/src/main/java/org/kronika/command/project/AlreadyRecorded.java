package org.kronika.command.project;

/**
 * An id the client chose is already used in this project (an activity, measurement, indicator or planned
 * activity). Retrying a command with the same id is therefore safe: nothing is ever recorded twice.
 */
public class AlreadyRecorded extends Refusal {

    private final String field;

    public AlreadyRecorded(String field, String id, String projectId) {
        super("'" + id + "' is already used in project " + projectId);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
