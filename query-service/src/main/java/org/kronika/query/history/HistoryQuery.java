package org.kronika.query.history;

import org.kronika.events.EventType;
import org.kronika.events.EventTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A page of a project's history as an auditor asks for it: filtered by event type, by when it happened (a
 * correction by its corrected date, a retraction by the retracted activity's) and when it was recorded, and by
 * actor; paged with a cursor. Each page reads the entries it returns by id, plus, when filtered, at most
 * {@value #SCAN} entries it skips: its cost does not depend on the history's length.
 *
 * @param after the sequence the previous page ended with, or {@code null} for the first page
 */
public record HistoryQuery(String type, LocalDate occurredFrom, LocalDate occurredTo, Instant recordedFrom,
                           Instant recordedTo, String actor, Long after, int limit) {

    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 100;
    static final int SCAN = 5000;
    /**
     * A token subject, as an actor filter names it: whatever the identity provider names its users (an Auth0
     * {@code auth0|65f1c0ffee}, an e-mail address with a {@code +}, letters beyond ASCII), as the services take any
     * subject; no control character (C0, DEL or C1, as every other text parameter), and a bound, as a query parameter
     * needs: 500 characters of three UTF-8 bytes each, percent-encoded, still fit the server's 8 KB request line.
     */
    public static final String ACTOR = "^[^\\x00-\\x1F\\x7F-\\x9F]{1,500}$";
    public static final int ACTOR_LENGTH = 500;
    private static final Pattern ACTOR_PATTERN = Pattern.compile(ACTOR);

    /** Far beyond any history (2^53, the largest whole number every JSON reader keeps exactly). */
    public static final long MAX_SEQUENCE = 1L << 53;

    /** @throws IllegalArgumentException naming the parameter, as {@code parameter: message} */
    public static void check(String type, String actor) {
        // A type no event has would find nothing, and an empty page reads as "nothing of that type happened".
        if (type != null && EventTypes.named(type).isEmpty() && EventTypes.forCloudEventType(type).isEmpty()) {
            throw new IllegalArgumentException("type: must be an event type of the contract, one of "
                    + EventTypes.all().stream().map(EventType::name).toList());
        }
        if (actor != null && !ACTOR_PATTERN.matcher(actor).matches()) {
            throw new IllegalArgumentException("actor: must be a token subject such as recorder-kec (1-500 "
                    + "characters, no control characters)");
        }
    }

    private boolean filtered() {
        return type != null || occurredFrom != null || occurredTo != null || recordedFrom != null || recordedTo != null
                || actor != null;
    }

    /** @param version the project's last event applied */
    public HistoryPage page(String projectId, long version, ProjectHistory history) {
        List<HistoryEntryView> entries = new ArrayList<>();
        long next = after == null ? 0 : after + 1;
        long scanned = 0;
        long lastLooked = next - 1;
        while (next <= version && entries.size() < limit && scanned < SCAN) {
            int chunk = (int) Math.min(version - next + 1, filtered() ? Math.min(500, SCAN - scanned) : limit - entries.size());
            for (HistoryEntry entry : history.range(projectId, next, chunk)) {
                lastLooked = entry.sequence();
                scanned++;
                if (matches(entry)) {
                    entries.add(HistoryEntryView.of(entry));
                    if (entries.size() == limit) {
                        break;
                    }
                }
            }
            next += chunk;
            if (entries.size() == limit) {
                break;
            }
            lastLooked = Math.max(lastLooked, next - 1);
        }
        return new HistoryPage(projectId, entries, lastLooked < version ? "after=" + lastLooked : null);
    }

    private boolean matches(HistoryEntry entry) {
        String storedType = entry.type();
        if (type != null && !storedType.equals(type) && !storedType.startsWith("org.kronika." + type + ".v")) {
            return false;
        }
        LocalDate on = entry.occurredOn();
        if ((occurredFrom != null || occurredTo != null) && on == null) {
            return false;
        }
        if (on != null && ((occurredFrom != null && on.isBefore(occurredFrom)) || (occurredTo != null && on.isAfter(occurredTo)))) {
            return false;
        }
        Instant recorded = entry.recordedAt();
        if ((recordedFrom != null && recorded.isBefore(recordedFrom)) || (recordedTo != null && recorded.isAfter(recordedTo))) {
            return false;
        }
        return actor == null || (entry.actor() != null && actor.equals(entry.actor().subject()));
    }
}
