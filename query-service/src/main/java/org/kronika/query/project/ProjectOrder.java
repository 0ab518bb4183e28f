package org.kronika.query.project;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.kronika.query.i18n.Collation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every project's place in the list and what list filters other than words look at, held in memory for one
 * generation: a list page then reads its own entries by id instead of having the store filter and sort every
 * entry (the local MongoDB stand-in ignores secondary indexes, so there every page scanned and sorted the whole
 * list). Read again only when the list's revision moves (a project registered, its details amended, its places
 * changed, or it is closed or reopened, see {@link ProjectSummaries#write}; an entry left behind by a failed write and
 * written later, {@link ProjectSummaries#relist}), and at the latest after {@value #MAX_AGE_SECONDS} s, in case a
 * writer stopped between writing entries and moving the revision. About 200 bytes a project and its title, whatever its history,
 * and once the title's collation key in each language a reader asked for.
 *
 * <p>The order is the reader's language's collation of the title ({@link Collation}), which the store cannot give:
 * MongoDB would need the collation option on each query (the local stand-in ignores it), and one index per
 * language. Searches by words ask the store only which projects match and take them in this order, so both kinds of
 * list page through the same order.
 */
public final class ProjectOrder {

    static final long MAX_AGE_SECONDS = 30;

    /**
     * What a list filters and sorts on, without the words searched (a text search asks the store).
     *
     * @param places where the project works, {@link ProjectSummary#places}: what the municipality filter looks at
     * @param closed whether it is closed, which is its status whatever its dates
     */
    record Keys(String projectId, String organisationId, List<String> places, String startDate,
                String endDate, boolean closed, String title) {

        boolean matches(ProjectFilter filter) {
            return (filter.visibleOrganisation() == null || filter.visibleOrganisation().equals(organisationId))
                    && (filter.organisation() == null || filter.organisation().equals(organisationId))
                    && (filter.municipality() == null || places.contains(filter.municipality()))
                    && (filter.status() == null || hasStatus(filter.status(), filter.today().toString()));
        }

        /** As the store's query compares the dates: ISO strings, so text order is date order. */
        private boolean hasStatus(String status, String today) {
            if (closed || ProjectStatus.CLOSED.equals(status)) {
                return closed && ProjectStatus.CLOSED.equals(status);
            }
            return switch (status) {
                case ProjectStatus.PLANNED -> startDate.compareTo(today) > 0;
                case ProjectStatus.ENDED -> endDate.compareTo(today) < 0;
                default -> startDate.compareTo(today) <= 0 && endDate.compareTo(today) >= 0;
            };
        }
    }

    /** @param sorted the projects in each language's order, by language, sorted when a reader first asks */
    private record Snapshot(String generation, long revision, Instant readAt, List<Keys> read,
                            Map<String, List<Keys>> sorted) {

        List<Keys> in(Locale locale) {
            return sorted.computeIfAbsent(locale.getLanguage(), language -> inOrder(read, locale));
        }
    }

    /** By title as the language collates it; two projects of the same title by id, so the order is one. */
    static List<Keys> inOrder(List<Keys> keys, Locale locale) {
        Collation collation = Collation.keys(locale);
        Map<String, java.text.CollationKey> titles = new HashMap<>();
        keys.forEach(k -> titles.put(k.projectId(), collation.of(k.title())));
        List<Keys> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparing((Keys k) -> titles.get(k.projectId())).thenComparing(Keys::projectId));
        return List.copyOf(sorted);
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
    List<Keys> sorted(String generation, long revision, Supplier<List<Keys>> read, Locale locale) {
        Snapshot current = snapshot;
        if (fresh(current, generation, revision)) {
            return current.in(locale);
        }
        synchronized (this) {
            current = snapshot;
            if (!fresh(current, generation, revision)) {
                Instant readAt = clock.instant();
                current = new Snapshot(generation, revision, readAt, List.copyOf(read.get()),
                        new ConcurrentHashMap<>());
                snapshot = current;
            }
            return current.in(locale);
        }
    }

    private boolean fresh(Snapshot current, String generation, long revision) {
        return current != null && current.generation().equals(generation) && current.revision() == revision
                && Duration.between(current.readAt(), clock.instant()).getSeconds() < MAX_AGE_SECONDS;
    }
}
