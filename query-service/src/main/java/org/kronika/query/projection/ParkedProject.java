package org.kronika.query.projection;

import java.time.Instant;

/**
 * A project whose events are held instead of applied, with why. Its events are kept in {@code held_events} in the
 * order they came, so the position on the topic can move on without losing them; every other project keeps
 * flowing.
 *
 * @param status         {@value #WAITING}: an event came before the one it follows, which has not arrived;
 *                       {@value #PARKED}: an event could not be applied (a breach of the contract, a document too
 *                       large, a bug) and waits for an operator's retry; {@value #CATCHING_UP}: the event it
 *                       waited for came, and what it held is being applied
 * @param version        the last event applied to the project's read models
 * @param heldFrom       the lowest sequence held
 * @param heldTo         the highest sequence held
 * @param held           how many events are held, at least (a re-delivery of one already held is not counted
 *                       again, nor an event that fills a gap between two held)
 * @param retryRequested set by an operator (API or command line); the projection retries and clears it
 */
public record ParkedProject(String projectId, String status, String reason, Instant since, long version,
                           long heldFrom, long heldTo, long held, Instant retryRequested) {

    public static final String WAITING = "waiting";
    public static final String PARKED = "parked";
    /** The event it waited for came: what it held is applied a part at a time, within seconds. */
    public static final String CATCHING_UP = "catching-up";

    /** Whether the sequence lies in the range held: held already, or a gap between events held. */
    boolean holds(long sequence) {
        return sequence >= heldFrom && sequence <= heldTo;
    }

    /**
     * How many sequences the held range spans once it holds this one too: what the held events may number at most,
     * so what a limit on them bounds. Their count alone undercounts: an event that fills a gap is not told apart
     * from one delivered again.
     */
    long spanHolding(long sequence) {
        return Math.max(heldTo, sequence) - Math.min(heldFrom, sequence) + 1;
    }

    /**
     * Waiting only for its own held events to be applied: a gap that closed with more held behind it than are read
     * at once leaves a project so, and the rest is applied a part at a time once the batch is written; after a stop
     * in between, at the first retry check.
     */
    boolean catchingUp() {
        return CATCHING_UP.equals(status);
    }

    /** Holding too the events from {@code from} to {@code to} left in the store unread: about {@code more} of them. */
    ParkedProject through(long from, long to, long more) {
        return to < from ? this : new ParkedProject(projectId, status, reason, since, version,
                Math.min(heldFrom, from), Math.max(heldTo, to), held + more, retryRequested);
    }

    /** Catching up with what it holds, from the event after {@code version}. */
    ParkedProject catchingUpFrom(long version, String reason) {
        return new ParkedProject(projectId, CATCHING_UP, reason, since, version, heldFrom, heldTo, held,
                retryRequested);
    }

    ParkedProject holding(long sequence) {
        return new ParkedProject(projectId, status, reason, since, version, Math.min(heldFrom, sequence),
                Math.max(heldTo, sequence), held + 1, retryRequested);
    }
}
