package org.kronika.query.report;

import com.mongodb.client.model.Filters;
import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.project.Indicator;
import org.kronika.query.project.ProjectSummary;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a flagged change is about, as a reviewer knows it: an activity by its title as it stands, a measurement by
 * its indicator and day, an indicator by its name. A change names only the item's id, which means nothing to an
 * officer reading "Activity t-sep corrected".
 */
public final class ChangedItems {

    /** None found: every change names its item by id alone. */
    public static final ChangedItems NONE = new ChangedItems(null, null);

    private final Activities activities;
    private final Measurements measurements;

    public ChangedItems(Activities activities, Measurements measurements) {
        this.activities = activities;
        this.measurements = measurements;
    }

    /** Where {@link #named} keeps a change's name: an activity and a measurement may share an id. */
    static String key(ReportEntry change) {
        return key(about(change), change.itemId());
    }

    private static String key(Item item, String itemId) {
        return item + "/" + itemId;
    }

    /**
     * The names of the items these changes are about, by {@link #key}; an item not found (or none read) has none.
     * Two reads whatever the number of changes: the activities by key, the measurements by id.
     */
    Map<String, String> named(ProjectSummary project, Collection<ReportEntry> changes) {
        Map<String, String> names = new HashMap<>();
        if (activities == null || changes.isEmpty()) {
            return names;
        }
        List<String> activityKeys = changes.stream().filter(c -> about(c) == Item.ACTIVITY)
                .map(c -> Activities.key(project.projectId(), c.itemId())).distinct().toList();
        for (Activity activity : activities.load(activityKeys).values()) {
            if (activity.current().data().get("title") instanceof String title) {
                names.put(key(Item.ACTIVITY, activity.activityId()), title);
            }
        }
        Map<String, String> indicators = new HashMap<>();
        for (Indicator indicator : project.indicators()) {
            indicators.put(indicator.indicatorId(), indicator.definition().name());
        }
        List<String> measured = changes.stream().filter(c -> about(c) == Item.MEASUREMENT).map(ReportEntry::itemId)
                .distinct().toList();
        if (!measured.isEmpty()) {
            measurements.matching(Filters.and(Filters.eq("projectId", project.projectId()),
                    Filters.in("measurementId", measured))).forEach(m -> names.put(
                    key(Item.MEASUREMENT, m.measurementId()),
                    indicators.getOrDefault(m.indicatorId(), m.indicatorId()) + ", " + m.measuredOn()));
        }
        changes.stream().filter(c -> about(c) == Item.INDICATOR && indicators.containsKey(c.itemId()))
                .forEach(c -> names.put(key(c), indicators.get(c.itemId())));
        return names;
    }

    private enum Item { ACTIVITY, MEASUREMENT, INDICATOR }

    /** By the changing event's type: an activity's are its own types and its correction and retraction. */
    private static Item about(ReportEntry change) {
        String kind = change.changeType() == null ? "" : change.changeType();
        if (kind.startsWith("measurement-") || kind.equals("indicator-measured")) {
            return Item.MEASUREMENT;
        }
        return kind.startsWith("indicator-") ? Item.INDICATOR : Item.ACTIVITY;
    }
}
