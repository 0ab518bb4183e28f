package org.kronika.query.readmodel;

/**
 * Events {@code from} to {@code to} of a project that a checkpoint counted as applied although its run did not read
 * them from the topic (held events applied from the store, a release a stop had interrupted): a later run that
 * reads them again must not count them again.
 */
public record HeldRange(String projectId, long from, long to) {
}
