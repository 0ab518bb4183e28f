package org.kronika.query.trace;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The facts one figure is derived from, each with the events that stated it, so a reader can follow any number on
 * a dashboard to the history entries and the hash chain that prove it.
 *
 * @param version      the project's version the facts are of: the event after which they stood so
 * @param activities   how many activities count towards the figure
 * @param participants the people they counted (within the category, if one is named)
 * @param value        for an indicator: its value over these contributions under its aggregation, exactly as its
 *                     progress shows it (within the category: the people in it); {@code null} for totals
 * @param items        every activity and measurement that counts, in the order they happened
 * @param nothingMeasured the value is of an indicator averaged or taking the latest with nothing counted: its 0
 *                     is no figure (the API's trace keeps the 0 and its empty items say why)
 */
public record Trace(String projectId, Figure figure, long version, long activities, long participants, BigDecimal value,
                    List<Item> items, boolean nothingMeasured) {

    /** The items of one page, zero-based; past the last page, none. */
    public org.kronika.query.readmodel.Page<Item> page(int page, int size) {
        int from = (int) Math.min(items.size(), (long) page * size);
        return org.kronika.query.readmodel.Page.of(items.subList(from, Math.min(items.size(), from + size)), page,
                size, items.size());
    }

    /**
     * @param kind         {@code activity} or {@code measurement}
     * @param id           the activity's or the measurement's id
     * @param type         the activity type, or the indicator measured
     * @param title        the activity's title or name as now stated, if it has one
     * @param participants everyone it counted (within the category, if one is named)
     * @param value        what it adds to the figure
     * @param sequences    the events that stated it: the first recording, then each correction; the last one is
     *                     the statement that counts
     * @param reasons      why it was corrected, one per correction
     * @param breakdown    a measurement's parts as it now states them, by {@code dimension:category} in key order
     *                     (what the value is made of, which no figure of the logframe counts); empty for an activity
     */
    public record Item(String kind, String id, String type, String title, LocalDate on, String municipality,
                       String period, long participants, BigDecimal value, List<Long> sequences,
                       List<String> reasons, java.util.SortedMap<String, Double> breakdown) {
    }
}
