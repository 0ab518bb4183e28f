package org.kronika.query.project;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every project's place in the list and what list filters other than words look at, held in memory for one
 * generation: a list page then reads its own entries by id instead of having the store filter and sort every
 * entry (the local MongoDB stand-in ignores secondary indexes, so there every page scanned and sorted the whole
 * list). Read again only when the list's revision moves (a project registered or its details amended, see
 * {@link ProjectSummaries#write}), and at the latest after {@value #MAX_AGE_SECONDS} s, in case a writer stopped
 * between writing entries and moving the revision. About 200 bytes a project, whatever its history.
 */
public final class ProjectOrder {

    static final long MAX_AGE_SECONDS = 30;

    /**
     * What a list filters and sorts on, without the words searched (a text search asks the store).
     *
     * @param places where the project works, {@link ProjectSummary#places}: what the municipality filter looks at
     */
    record Keys(String projectId, String organisationId, List<String> places, String startDate,
                String endDate, String titleKey) {

        boolean matches(ProjectFilter filter) {
            return (filter.visibleOrganisation() == null || filter.visibleOrganisation().equals(organisationId))
                    && (filter.organisation() == null || filter.organisation().equals(organisationId))
                    && (filter.municipality() == null || places.contains(filter.municipality()))
                    && (filter.status() == null || hasStatus(filter.status(), filter.today().toString()));
        }

        /** As the store's query compares the dates: ISO strings, so text order is date order. */
        private boolean hasStatus(String status, String today) {
            return switch (status) {
                case "planned" -> startDate.compareTo(today) > 0;
                case "ended" -> endDate.compareTo(today) < 0;
                default -> startDate.compareTo(today) <= 0 && endDate.compareTo(today) >= 0;
            };
        }
    }

    /** MongoDB orders strings by their UTF-8 bytes, which is code point order, not Java's UTF-16 order. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private record Snapshot(String generation, long revision, Instant readAt, List<Keys> sorted) {
    }

    private final Clock clock;
    private volatile Snapshot snapshot;

    public ProjectOrder(Clock clock) {
        this.clock = clock;
    }

    /**
     * Every project of {@code generation} in list order, as of {@code revision} (read before this is called, so
     * entries written after it are either in what is read now or move the revision again).
     */
    List<Keys> sorted(String generation, long revision, Supplier<List<Keys>> read) {
        Snapshot current = snapshot;
        if (fresh(current, generation, revision)) {
            return current.sorted();
        }
        synchronized (this) {
            current = snapshot;
            if (!fresh(current, generation, revision)) {
                Instant readAt = clock.instant();
                List<Keys> sorted = new ArrayList<>(read.get());
                sorted.sort(Comparator.comparing(Keys::titleKey, CODE_POINT_ORDER));
                current = new Snapshot(generation, revision, readAt, List.copyOf(sorted));
                snapshot = current;
            }
            return current.sorted();
        }
    }

    private boolean fresh(Snapshot current, String generation, long revision) {
        return current != null && current.generation().equals(generation) && current.revision() == revision
                && Duration.between(current.readAt(), clock.instant()).getSeconds() < MAX_AGE_SECONDS;
    }
}
