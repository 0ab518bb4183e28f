package org.kronika.command.checkpoint;

import org.kronika.command.TestInfrastructure;

import java.sql.Connection;

/** The signing lock held by another connection, as another instance would hold it: no checkpoint is signed meanwhile. */
final class SigningHeldElsewhere {

    private SigningHeldElsewhere() {
    }

    interface Meanwhile {
        void run() throws Exception;
    }

    static void run(Meanwhile meanwhile) throws Exception {
        held(Checkpoints.SIGNING_LOCK, meanwhile);
    }

    /** The publishing lock held so: no checkpoint is published meanwhile, though checkpoints are signed. */
    static void publishing(Meanwhile meanwhile) throws Exception {
        held(CheckpointPublisher.PUBLISHING_LOCK, meanwhile);
    }

    private static void held(long lock, Meanwhile meanwhile) throws Exception {
        try (Connection other = TestInfrastructure.postgres().connect()) {
            other.setAutoCommit(false);
            other.createStatement().execute("SELECT pg_advisory_xact_lock(" + lock + ")");
            meanwhile.run();
            other.rollback();
        }
    }
}
