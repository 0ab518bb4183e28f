package org.kronika.query.dashboard;

import org.kronika.query.activity.ActivityData;
import org.kronika.query.activity.ActivityView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A page of a project's activities as a timeline, most recently recorded first, each correction shown as what it
 * changed: the fields before and after, and its reason.
 *
 * @param page  zero-based, from the newest
 * @param pages how many there are, none for a project that recorded no activity (its {@link Pager} shows one)
 */
public record Timeline(List<Entry> entries, int page, int pages) {

    public static final int SIZE = 20;

    /** @param corrections each correction with only the fields it changed */
    public record Entry(ActivityView activity, List<Correction> corrections) {

        public Object fact(String field) {
            return activity.current().get(field);
        }

        /**
         * What its type states beyond what every activity does (a meeting's kind, a distribution's quantity, a
         * regulation's stage), as now stated, in its type's order, a document's by path ({@code document.title}).
         * Left out is what states nothing: a value not given, a campaign's reach of 0 (the contract's "unknown"), a
         * document's SHA-256 (for checking a copy, not for reading).
         */
        public Map<String, Object> facts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            for (String field : ActivityData.ownFields(activity.type())) {
                if (fact(field) instanceof Map<?, ?> nested) {
                    flatten(field + ".", cast(nested), facts);
                } else {
                    facts.put(field, fact(field));
                }
            }
            facts.entrySet().removeIf(f -> !states(f.getKey(), f.getValue()));
            return facts;
        }

        private static boolean states(String field, Object value) {
            return value != null && !(value instanceof String text && text.isBlank())
                    && !(value instanceof Collection<?> values && values.isEmpty()) && !field.endsWith(".sha256")
                    && !(field.equals("reach") && value instanceof Number reach && reach.longValue() == 0);
        }
    }

    public record Correction(ActivityView.Correction correction, List<Change> changes) {
    }

    /** One field a correction changed; nested figures are named by their path, e.g. {@code participants.total}. */
    public record Change(String field, Object before, Object after) {
    }

    /** The range of ordinals a page covers: newest first, so page 0 ends at the last activity recorded. */
    public static long from(long recorded, int page) {
        return Math.max(0, recorded - (long) (page + 1) * SIZE);
    }

    public static int count(long recorded, int page) {
        return (int) Math.max(0, Math.min(SIZE, recorded - (long) page * SIZE));
    }

    public static Timeline of(List<ActivityView> oldestFirst, int page, long recorded) {
        List<Entry> entries = new ArrayList<>();
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            ActivityView activity = oldestFirst.get(i);
            entries.add(new Entry(activity, activity.corrections().stream()
                    .map(c -> new Correction(c, changes(c.before(), c.after()))).toList()));
        }
        return new Timeline(entries, page, (int) ((recorded + SIZE - 1) / SIZE));
    }

    public static List<Change> changes(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> was = flat(before);
        Map<String, Object> is = flat(after);
        Set<String> fields = new java.util.TreeSet<>(was.keySet());
        fields.addAll(is.keySet());
        List<Change> changes = new ArrayList<>();
        for (String field : fields) {
            if (!Objects.equals(was.get(field), is.get(field))) {
                changes.add(new Change(field, was.get(field), is.get(field)));
            }
        }
        return changes;
    }

    private static Map<String, Object> flat(Map<String, Object> data) {
        Map<String, Object> flat = new TreeMap<>();
        if (data != null) {
            flatten("", data, flat);
        }
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> nested) {
        return (Map<String, Object>) nested;
    }

    private static void flatten(String prefix, Map<String, Object> data, Map<String, Object> into) {
        data.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                flatten(prefix + key + ".", cast(nested), into);
            } else {
                into.put(prefix + key, value);
            }
        });
    }
}
