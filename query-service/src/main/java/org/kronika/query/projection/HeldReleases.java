package org.kronika.query.projection;

import org.kronika.query.project.ProjectSummary;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Held events applied, deleted only once the summary that includes them is written (a crash in between would lose
 * them); the projects that then hold nothing more, unparked by the next checkpoint; and the retries made, cleared
 * with them.
 */
final class HeldReleases {

    private final ReadModelStores stores;
    private final Parking parking;
    /**
     * Held events applied, per project, from and to: deleted (and the project unparked) only once the summary that
     * includes them is written, or a crash in between would lose them.
     */
    private final Map<String, long[]> released = new LinkedHashMap<>();
    /** Projects that hold nothing more, with the summary version that includes all they held, till a checkpoint. */
    private final Map<String, Long> unparking = new LinkedHashMap<>();
    /** Retries made, by when they were asked for: the requests are cleared once their summaries are written. */
    private final Map<String, Instant> retried = new LinkedHashMap<>();

    HeldReleases(ReadModelStores stores, Parking parking) {
        this.stores = stores;
        this.parking = parking;
    }

    /** The project's held events from and to were applied: deleted once its summary including them is written. */
    void mark(String projectId, long from, long to) {
        released.merge(projectId, new long[]{from, to}, (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }

    /** The projects with held events applied, in the order first released. */
    Set<String> projects() {
        return Collections.unmodifiableSet(released.keySet());
    }

    /**
     * Deletes held events the written summaries now include, and marks projects that hold nothing more to be
     * unparked by the next checkpoint, once their programme views include them: a record removed before that
     * checkpoint, and then a stop, left nothing to say that those views were behind. Clears the retries made.
     *
     * @param written the summaries, as written, of the {@link #projects} (and maybe others)
     */
    void applied(Map<String, ProjectSummary> written) {
        for (var release : released.entrySet()) {
            String projectId = release.getKey();
            long to = Math.min(release.getValue()[1], written.get(projectId).version());
            if (to >= release.getValue()[0]) {
                stores.held().release(projectId, release.getValue()[0], to);
            }
            if (!parking.has(projectId)) {
                unparking.merge(projectId, written.get(projectId).version(), Math::max);
            }
        }
        released.clear();
        retried.forEach(stores.parked()::retried);
        retried.clear();
    }

    /** An operator's retry, asked for at {@code requested}, was made: cleared once its summary is written. */
    void retried(String projectId, Instant requested) {
        retried.put(projectId, requested);
    }

    /** When the retry made of the project was asked for, null if none was made since the last flush. */
    Instant retriedAt(String projectId) {
        return retried.get(projectId);
    }

    /** Whether held events wait to be deleted. */
    boolean pending() {
        return !released.isEmpty();
    }

    /** The projects the next checkpoint unparks, with the summary version that includes all they held: a copy. */
    Map<String, Long> unparking() {
        return Map.copyOf(unparking);
    }

    /** The checkpoint was asked for: it unparks them. */
    void unparked() {
        unparking.clear();
    }
}
