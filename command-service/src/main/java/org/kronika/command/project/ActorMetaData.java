package org.kronika.command.project;

/**
 * Keys of the metadata every command and event carries about who caused it. Set at the edge from the
 * validated token; stored with each event, published with it and shown in the history.
 */
public final class ActorMetaData {

    public static final String SUBJECT = "actorSubject";
    public static final String ROLE = "actorRole";
    public static final String ORGANISATION = "actorOrganisation";
    public static final String CORRELATION_ID = "correlationId";

    static final String RECORDER = "recorder";

    private ActorMetaData() {
    }
}
