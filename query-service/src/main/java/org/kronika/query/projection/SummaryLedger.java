package org.kronika.query.projection;

import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.readmodel.Lru;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each project's summary as cached, as changed since the last flush, and as the store holds it: what a flush must
 * write, over which version, and which list entries it writes again.
 *
 * <p>The cache is a {@link Lru#weighed} map, whose weight only {@code get}, {@code put}, {@code putAll},
 * {@code remove} and {@code clear} keep: nothing else touches it.
 */
final class SummaryLedger {

    private final ReadModelStores stores;
    /** Across batches, the summaries read or written last. */
    private final Map<String, ProjectSummary> summaries;
    /** Summaries changed since the last flush: never evicted before they are written. */
    private final Map<String, ProjectSummary> dirty = new LinkedHashMap<>();
    /** Their weights ({@link ProjectSummary#weight}) as last counted, and the sum: what a catch-up bounds. */
    private final Map<String, Long> dirtyWeights = new HashMap<>();
    private long dirtyWeight;
    /**
     * For every project changed since the last flush, its summary as the store holds it (as last written or read):
     * the flush writes only the differences from it, guarded by its version.
     */
    private final Map<String, ProjectSummary> flushed = new HashMap<>();
    /**
     * How many events were applied since the last flush. They are not kept: if a summary cannot be written, its
     * project's events since the last flush are read back from its history. Kept in memory, the 20,000 events a
     * catching-up flush waits for were a fifth of a rebuild's live heap.
     */
    private int unflushedEvents;
    /**
     * Projects whose events were read again, already in their summaries: their list entries are written again
     * (only over older ones), as a stop between a summary and its entry left the entry behind, and nothing else
     * would write it until the project's next event.
     */
    private final Set<String> relist = new HashSet<>();

    /** @param cache what the summaries kept across batches may weigh, in bytes ({@link ProjectSummary#weight}) */
    SummaryLedger(ReadModelStores stores, long cache) {
        this.summaries = Lru.weighed(cache, ProjectSummary::weight);
        this.stores = stores;
    }

    /** The projects' summaries as they stand: changed and not yet written, cached, or read. */
    Map<String, ProjectSummary> load(Collection<String> projectIds) {
        Map<String, ProjectSummary> current = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : projectIds) {
            ProjectSummary known = summary(id);
            if (known != null) {
                current.put(id, known);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, ProjectSummary> found = stores.summaries().load(missing);
            for (String id : missing) {
                ProjectSummary summary = found.getOrDefault(id, ProjectSummary.empty(id));
                current.put(id, summary);
                summaries.put(id, summary);
            }
        }
        return current;
    }

    private ProjectSummary summary(String projectId) {
        ProjectSummary changed = dirty.get(projectId);
        return changed != null ? changed : summaries.get(projectId);
    }

    /** The project's summary as applied, to be settled ({@link #settle}) and written at the next flush. */
    void pending(String projectId, ProjectSummary summary) {
        dirty.put(projectId, summary);
    }

    /** The project's summary as applied, else {@code otherwise}. */
    ProjectSummary pendingOr(String projectId, ProjectSummary otherwise) {
        return dirty.getOrDefault(projectId, otherwise);
    }

    /**
     * Keeps track of a project's changed summary until it is flushed; one its part of a batch did not advance, and
     * no earlier part changed since the last flush, goes back to the cache.
     *
     * @param before  the summary before the project's part of the batch
     * @param applied how many events that part applied
     * @return whether the part advanced the summary
     */
    boolean settle(String projectId, ProjectSummary before, int applied) {
        ProjectSummary after = dirty.get(projectId);
        boolean advanced = after.version() != before.version();
        if (!advanced) {
            if (!flushed.containsKey(projectId)) {
                dirty.remove(projectId);
                summaries.put(projectId, after);
            }
        } else {
            flushed.putIfAbsent(projectId, before);
            unflushedEvents += applied;
        }
        ProjectSummary now = dirty.get(projectId);
        long weight = now == null ? 0 : now.weight();
        Long was = now == null ? dirtyWeights.remove(projectId) : dirtyWeights.put(projectId, weight);
        dirtyWeight += weight - (was == null ? 0 : was);
        return advanced;
    }

    /** The project's events were read again, already in its summary: its list entry is written again. */
    void relist(String projectId) {
        relist.add(projectId);
    }

    /** The summaries changed since the last flush, in the order first changed: what the flush writes. */
    List<ProjectSummary> changed() {
        return List.copyOf(dirty.values());
    }

    /** The summaries changed since the last flush, by project, as they now stand (as written, or parked instead). */
    Map<String, ProjectSummary> changedCopy() {
        return new HashMap<>(dirty);
    }

    /** What a write of a changed summary changes: the differences from it as stored, guarded by that version. */
    ProjectSummaries.Change change(ProjectSummary summary) {
        return new ProjectSummaries.Change(summary, flushed.get(summary.projectId()));
    }

    /** The project's summary as the store holds it, changed since the last flush. */
    ProjectSummary storedBefore(String projectId) {
        return flushed.get(projectId);
    }

    /**
     * The changed summaries are written: they are cached as stored, and the list entries of the other projects
     * whose events were read again are written again.
     */
    void written() {
        summaries.putAll(dirty);
        relist.removeAll(dirty.keySet());
        if (!relist.isEmpty()) {
            stores.summaries().relist(load(relist).values());
            relist.clear();
        }
        dirty.clear();
        dirtyWeights.clear();
        dirtyWeight = 0;
    }

    /** The flush is over: nothing is applied since. */
    void flushDone() {
        flushed.clear();
        unflushedEvents = 0;
    }

    /**
     * The summaries as stored, for a rollup: those of this flush at hand (as written, or as they stood before for a
     * project parked instead), the others from the cache or the store. A rebuild's flush writes a thousand
     * summaries, more than the cache keeps, and reading them back for the rollup cost the store and this service a
     * read and a decoding of each.
     */
    List<ProjectSummary> current(Collection<String> projectIds, Map<String, ProjectSummary> written) {
        Map<String, ProjectSummary> earlier = load(projectIds.stream()
                .filter(id -> !written.containsKey(id)).toList());
        return projectIds.stream().map(id -> written.containsKey(id) ? written.get(id) : earlier.get(id)).toList();
    }

    /** Projects changed since the last flush. */
    int count() {
        return dirty.size();
    }

    /** What the summaries changed since the last flush weigh, in bytes. */
    long weight() {
        return dirtyWeight;
    }

    /** Events applied since the last flush. */
    int unflushed() {
        return unflushedEvents;
    }
}
