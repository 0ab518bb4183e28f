package org.kronika.command.project;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which facts an activity states, by path ({@code institution}, {@code participants.bySex}): those with a value,
 * not null, not an empty list or breakdown. A correction states an activity's facts in full; one that leaves out a
 * fact the activity states would blank it without saying so (a client sending only what changes, or one that does
 * not know a member added since), so it is refused, and a fact is cleared by stating it as null. Members of an
 * object are stated one level down, so that a breakdown left out of corrected participants is found too.
 */
public record StatedFacts(List<String> paths) {

    private static final String SEPARATOR = ",";
    /** Named by the request's path, not stated among the facts. */
    private static final List<String> NOT_FACTS = List.of("projectId", "activityId");

    public StatedFacts {
        paths = List.copyOf(new TreeSet<>(paths));
    }

    /** The facts of an activity as recorded or corrected, as plain data. */
    static StatedFacts of(Map<String, Object> facts) {
        List<String> paths = new ArrayList<>();
        facts.forEach((name, value) -> {
            if (NOT_FACTS.contains(name) || !stated(value)) {
                return;
            }
            paths.add(name);
            if (value instanceof Map<?, ?> object) {
                object.forEach((member, inner) -> {
                    if (stated(inner)) {
                        paths.add(name + "." + member);
                    }
                });
            }
        });
        return new StatedFacts(paths);
    }

    /**
     * A fault for each path these facts state that {@code correction} leaves out: neither states nor clears with
     * null. {@code item} names what states them ({@code activity a-1}).
     */
    List<FieldRefusal.Fault> leftOutOf(Map<String, Object> correction, String item) {
        List<FieldRefusal.Fault> leftOut = new ArrayList<>();
        for (String path : paths) {
            int dot = path.indexOf('.');
            if (dot < 0 ? !correction.containsKey(path)
                    : correction.get(path.substring(0, dot)) instanceof Map<?, ?> object
                    && !object.containsKey(path.substring(dot + 1))) {
                leftOut.add(new FieldRefusal.Fault(path, "is left out, but " + item
                        + " states it: state it as null to clear it"));
            }
        }
        return leftOut;
    }

    /** As kept in a ledger's row. */
    public String written() {
        return String.join(SEPARATOR, paths);
    }

    public static StatedFacts read(String written) {
        return new StatedFacts(written.isEmpty() ? List.of() : List.of(written.split(SEPARATOR)));
    }

    private static boolean stated(Object value) {
        return value != null && !(value instanceof Collection<?> list && list.isEmpty())
                && !(value instanceof Map<?, ?> map && map.isEmpty());
    }
}
