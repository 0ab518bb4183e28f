package org.kronika.query.projection;

/**
 * What happened to the events of one batch.
 *
 * @param applied    events that moved a project forward
 * @param duplicates events already applied (re-delivered or replayed), ignored
 * @param early      events that arrived before an earlier one of their project; they come again
 */
public record ProjectionOutcome(int applied, int duplicates, int early) {
}
