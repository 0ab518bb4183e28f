package org.kronika.query.trace;

import org.kronika.query.readmodel.Page;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A trace a page at a time: the figure's totals over every fact it is made of, and this page's facts, in the order
 * they happened. A figure of a long project is made of thousands of facts; an answer holds at most a page of them.
 *
 * @param version      as {@link Trace#version()}
 * @param knownAt      the instant asked for, when the facts are those recorded by then, each as stated then
 * @param activities   as {@link Trace#activities()}: over every page
 * @param participants as {@link Trace#participants()}: over every page
 * @param value        as {@link Trace#value()}: over every page
 * @param page         zero-based
 * @param totalItems   the facts on every page
 * @param totalPages   0 for a figure made of no fact, as every paged list of the API counts them
 * @param nothingMeasured as {@link Trace#nothingMeasured()}: the {@code value} 0 of an average or latest value of
 *                     nothing, which is no figure
 */
public record PagedTrace(String projectId, Figure figure, long version, Instant knownAt, long activities,
                         long participants, BigDecimal value, List<Trace.Item> items, int page, int size, long totalItems, long totalPages,
                        boolean nothingMeasured) {

    public static PagedTrace of(Trace trace, int page, int size) {
        return of(trace.projectId(), trace.figure(), trace.version(), trace.activities(), trace.participants(),
                trace.value(), trace.page(page, size), trace.nothingMeasured());
    }

    public static PagedTrace of(String projectId, Figure figure, long version, long activities, long participants,
                                BigDecimal value, Page<Trace.Item> shown, boolean nothingMeasured) {
        return new PagedTrace(projectId, figure, version, null, activities, participants, value, shown.items(),
                shown.page(), shown.size(), shown.totalItems(), shown.totalPages(), nothingMeasured);
    }

    /** The same trace, saying it is of what had been recorded by {@code knownAt}. */
    public PagedTrace knownAt(Instant knownAt) {
        return new PagedTrace(projectId, figure, version, knownAt, activities, participants, value, items, page, size,
                totalItems, totalPages, nothingMeasured);
    }

    /** This page of the facts, as every paged list is shown. */
    public Page<Trace.Item> shown() {
        return new Page<>(items, page, size, totalItems, totalPages);
    }
}
