package org.kronika.command.project;

/**
 * A command refused as its sender wrote it (a rule, an unknown id, an id already used): answered to the sender in
 * full, and no fault of the service, so it leaves no stack trace in the log.
 */
public abstract class Refusal extends RuntimeException {

    protected Refusal(String message) {
        super(message);
    }
}
