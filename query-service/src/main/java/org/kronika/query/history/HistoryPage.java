package org.kronika.query.history;

import java.util.List;

/**
 * One page of a project's history.
 *
 * @param next the query to add for the next page ({@code after=<sequence>}), or {@code null} after the last. A
 *             filtered page looks at a bounded number of events, so it may hold fewer entries than asked for while
 *             {@code next} is set: keep following it.
 */
public record HistoryPage(String projectId, List<HistoryEntryView> entries, String next) {
}
