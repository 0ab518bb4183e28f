package org.kronika.query.trace;

import org.kronika.query.readmodel.Page;

import java.math.BigDecimal;
import java.util.List;

/**
 * A trace a page at a time: the figure's totals over every fact it is made of, and this page's facts, in the order
 * they happened. A figure of a long project is made of thousands of facts; an answer holds at most a page of them.
 *
 * @param activities   as {@link Trace#activities()}: over every page
 * @param participants as {@link Trace#participants()}: over every page
 * @param value        as {@link Trace#value()}: over every page
 * @param page         zero-based
 * @param totalItems   the facts on every page
 * @param totalPages   0 for a figure made of no fact, as every paged list of the API counts them
 * @param nothingMeasured as {@link Trace#nothingMeasured()}: the {@code value} 0 of an average or latest value of
 *                     nothing, which is no figure
 */
public record PagedTrace(String projectId, Figure figure, long activities, long participants, BigDecimal value,
                        List<Trace.Item> items, int page, int size, long totalItems, long totalPages,
                        boolean nothingMeasured) {

    public static PagedTrace of(Trace trace, int page, int size) {
        return of(trace.projectId(), trace.figure(), trace.activities(), trace.participants(), trace.value(),
                trace.page(page, size), trace.nothingMeasured());
    }

    public static PagedTrace of(String projectId, Figure figure, long activities, long participants, BigDecimal value,
                                Page<Trace.Item> shown, boolean nothingMeasured) {
        return new PagedTrace(projectId, figure, activities, participants, value, shown.items(), shown.page(),
                shown.size(), shown.totalItems(), shown.totalPages(), nothingMeasured);
    }

    /** This page of the facts, as every paged list is shown. */
    public Page<Trace.Item> shown() {
        return new Page<>(items, page, size, totalItems, totalPages);
    }
}
