package org.kronika.query.dashboard;

import org.kronika.query.activity.ActivityView;

import java.util.ArrayList;
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
    private static void flatten(String prefix, Map<String, Object> data, Map<String, Object> into) {
        data.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                flatten(prefix + key + ".", (Map<String, Object>) nested, into);
            } else {
                into.put(prefix + key, value);
            }
        });
    }
}
