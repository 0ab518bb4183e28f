package org.kronika.command.project;

/**
 * An id the client chose is already used in this project (an activity, measurement, indicator or planned
 * activity). Retrying a command with the same id is therefore safe: nothing is ever recorded twice. For an activity
 * or a measurement the refusal also says whether what is recorded under the id is what the request states: an
 * import run again skips the first kind, and must correct the second (a row fixed in its source since), which a
 * bare "already recorded" would have it skip too.
 */
public class AlreadyRecorded extends Refusal {

    private final String field;
    private final Boolean sameFacts;

    public AlreadyRecorded(String field, String id, String projectId) {
        super("'" + id + "' is already used in project " + projectId);
        this.field = field;
        this.sameFacts = null;
    }

    private AlreadyRecorded(String field, String message, Boolean sameFacts) {
        super(message);
        this.field = field;
        this.sameFacts = sameFacts;
    }

    /** What is recorded under the id states the request's facts, as last recorded or corrected. */
    static AlreadyRecorded withTheseFacts(String field, String id, String projectId) {
        return new AlreadyRecorded(field, "'" + id + "' is already recorded in project " + projectId
                + " with the facts this request states: nothing to do", true);
    }

    /**
     * What is recorded under the id differs from the request: {@code how} says what stands there and how to change
     * it, e.g. "(a meeting-held, as last recorded or corrected): to change its facts, correct it".
     */
    static AlreadyRecorded withOtherFacts(String field, String id, String projectId, String how) {
        return new AlreadyRecorded(field, "'" + id + "' is already recorded in project " + projectId
                + " with other facts than this request states " + how, false);
    }

    /**
     * What is recorded under the id cannot be compared with the request (its fingerprint was never kept): the answer
     * says so, and {@link #sameFacts()} is null.
     */
    static AlreadyRecorded withFactsUnknown(String field, String id, String projectId) {
        return new AlreadyRecorded(field, "'" + id + "' is already recorded in project " + projectId + "; Kronika "
                + "cannot tell whether with the facts this request states (recorded by an earlier version): read it in "
                + "the project's history, and correct it if it differs", (Boolean) null);
    }

    public String field() {
        return field;
    }

    /** Whether the recorded facts are the request's; null where they are not compared (an indicator, a plan). */
    public Boolean sameFacts() {
        return sameFacts;
    }
}
