package org.kronika.query.project;

import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Lru;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * Summaries as last read, served again while the project's list entry (a small document) says its version is
 * still the one held: reading and decoding a long project's summary (300 KB stored) on every view cost more than
 * the rest of the request. Bounded in bytes ({@link ProjectSummary#weight}), whatever the number of projects.
 * What it serves is never older than the list entry, which is written after the summary.
 */
public final class RecentSummaries {

    static final long BYTES = 16L << 20;

    private final Map<String, ProjectSummary> held = Collections.synchronizedMap(
            Lru.weighed(BYTES, ProjectSummary::weight));

    public Optional<ProjectSummary> find(ProjectSummaries store, Generation generation, String projectId) {
        String key = generation.id() + "/" + projectId;
        ProjectSummary last = held.get(key);
        if (last != null && store.entry(projectId).map(ProjectListEntry::version).orElse(-1L) == last.version()) {
            return Optional.of(last);
        }
        Optional<ProjectSummary> read = store.find(projectId);
        read.ifPresent(summary -> {
            synchronized (held) {
                ProjectSummary was = held.get(key);
                if (was == null || summary.version() >= was.version()) {
                    held.put(key, summary);
                }
            }
        });
        return read;
    }
}
