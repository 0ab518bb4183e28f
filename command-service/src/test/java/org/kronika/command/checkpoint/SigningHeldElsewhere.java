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
        try (Connection signing = TestInfrastructure.postgres().connect()) {
            signing.setAutoCommit(false);
            signing.createStatement().execute("SELECT pg_advisory_xact_lock(" + Checkpoints.SIGNING_LOCK + ")");
            meanwhile.run();
            signing.rollback();
        }
    }
}
