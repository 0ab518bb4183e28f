package org.kronika.query.projection;

import org.kronika.events.ActivityEvent;
import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityProjection;
import org.kronika.query.readmodel.Lru;
import org.kronika.query.stream.ReceivedEvent;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which activities a batch sees, and which stay cached for the next ones: the activities a batch touches are read
 * (from the cache, or the store) before it is applied, and never evicted while it runs. Also the activities
 * recorded since the last flush, which the flush indexes.
 */
final class ActivityWorkingSet {

    private final ReadModelStores stores;
    /** Across batches, what was read or written last; within a batch, {@link #working} holds what it needs. */
    private final Map<String, Activity> activities;
    /** Activities recorded since the last flush, not yet in the activity index: indexed at the flush. */
    private final Map<String, Activity> unindexed = new LinkedHashMap<>();
    /** The activities the current batch touches (null where none exists yet): never evicted while it runs. */
    private final Map<String, Activity> working = new HashMap<>();

    /** @param cache how many activities stay cached across batches */
    ActivityWorkingSet(ReadModelStores stores, int cache) {
        this.activities = Lru.of(cache);
        this.stores = stores;
    }

    /**
     * A batch, or a part of a catch-up, starts with nothing in its working set. Not when a project's part is applied
     * again within it, nor when a closed gap's held events are read: those only add ({@link #preload}), as the batch
     * still needs what it read.
     */
    void startBatch() {
        working.clear();
    }

    /** Puts every activity the events touch in the working set: from the cache, or read. */
    void preload(Collection<ReceivedEvent> events) {
        Set<String> keys = new LinkedHashSet<>();
        for (ReceivedEvent event : events) {
            String activityId = ActivityProjection.activityId(event);
            // A newly recorded activity is not looked for: writing it as a new document tells if it exists.
            if (activityId != null && !(event.event() instanceof ActivityEvent)) {
                String key = Activities.key(event.projectId(), activityId);
                if (!working.containsKey(key)) {
                    Activity cached = activities.get(key);
                    if (cached != null) {
                        working.put(key, cached);
                    } else {
                        keys.add(key);
                    }
                }
            }
        }
        if (!keys.isEmpty()) {
            Map<String, Activity> found = stores.activities().load(keys);
            keys.forEach(key -> working.put(key, found.get(key)));
        }
    }

    /** The activity as the batch has it, null if none exists yet. */
    Activity get(String key) {
        return working.get(key);
    }

    /** The activity as an event of the batch left it. */
    void put(String key, Activity activity) {
        working.put(key, activity);
    }

    /** What the batch read or wrote stays cached for the next ones. */
    void keep() {
        working.forEach((key, activity) -> {
            if (activity != null) {
                activities.put(key, activity);
            }
        });
        working.clear();
    }

    /** The activities the project's part of a batch recorded first, to be indexed at the next flush. */
    void recorded(ProjectWrites projectWrites) {
        projectWrites.created.forEach(key -> {
            Activity activity = projectWrites.activities.get(key);
            if (activity != null) {
                unindexed.put(key, activity);
            }
        });
    }

    /** The activity as stored, found when the batch wrote one of that id as new. */
    void learn(String key, Activity stored) {
        working.put(key, stored);
        activities.put(key, stored);
    }

    /** The batch no longer has the activity: applied again, its project reads it anew. */
    void forgetWorking(String key) {
        working.remove(key);
    }

    /** Neither the batch nor the cache has the activity: its project's documents could not be written. */
    void forget(String key) {
        activities.remove(key);
        working.remove(key);
    }

    /** Indexes the activities recorded since the last flush. */
    void index() {
        stores.activities().index(unindexed.values());
        unindexed.clear();
    }
}
