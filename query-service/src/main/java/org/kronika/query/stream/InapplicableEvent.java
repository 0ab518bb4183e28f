package org.kronika.query.stream;

/**
 * An event that cannot follow what its project already holds (an activity recorded twice, a correction of an
 * activity never recorded): a breach of the contract's guarantees, never guessed around. Its project is parked.
 */
public class InapplicableEvent extends RuntimeException {

    public InapplicableEvent(String message) {
        super(message);
    }
}
