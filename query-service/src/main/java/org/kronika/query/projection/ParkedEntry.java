package org.kronika.query.projection;

import java.time.Instant;

/**
 * A project waiting or parked, as administrators see it: where (the read models' generation, and whether they are
 * the live ones or being rebuilt) and why. A project may wait in the live read models and be parked in a rebuild,
 * for different reasons: each is an entry of its own.
 *
 * @param generation the read models' generation number
 * @param live       whether they are the ones queries read; false while they are being rebuilt
 */
public record ParkedEntry(int generation, boolean live, String projectId, String status, String reason,
                          Instant since, long version, long heldFrom, long heldTo, long held, Instant retryRequested) {

    static ParkedEntry of(int generation, boolean live, ParkedProject project) {
        return new ParkedEntry(generation, live, project.projectId(), project.status(), project.reason(),
                project.since(), project.version(), project.heldFrom(), project.heldTo(), project.held(),
                project.retryRequested());
    }
}
