package org.kronika.query.tally;

import org.kronika.events.Participants;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many activities took place and how many people took part, with the participants broken down as the
 * programme counts them and everything broken down by activity type. Counts only, never anyone's data.
 *
 * @param activities         activities that count (not retracted)
 * @param participants       everyone who took part in them
 * @param bySex              participants per sex category; the rest did not say
 * @param byAgeBand          participants per age band
 * @param byCommunity        participants per community
 * @param activitiesByType   activities per public activity type, e.g. {@code training-delivered}
 * @param participantsByType participants per activity type
 * @param activitiesByCategory activities that counted anyone in a participant category, keyed as a trace names it
 *                           ({@code sex:female}, {@code ageBand:unspecified}; see {@link #categoriesOf}): what a
 *                           trace of a category's figure totals and pages by
 */
public record Tally(long activities, long participants, SortedMap<String, Long> bySex,
                    SortedMap<String, Long> byAgeBand, SortedMap<String, Long> byCommunity,
                    SortedMap<String, Long> activitiesByType, SortedMap<String, Long> participantsByType,
                    SortedMap<String, Long> activitiesByCategory) {

    public static final Tally EMPTY = new Tally(0, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    /** What a breakdown leaves out: those whose category was not said. */
    public static final String UNSPECIFIED = "unspecified";

    public Tally {
        bySex = Counts.owned(bySex);
        byAgeBand = Counts.owned(byAgeBand);
        byCommunity = Counts.owned(byCommunity);
        activitiesByType = Counts.owned(activitiesByType);
        participantsByType = Counts.owned(participantsByType);
        activitiesByCategory = Counts.owned(activitiesByCategory);
    }

    public Tally(long activities, long participants, Map<String, Long> bySex, Map<String, Long> byAgeBand,
                 Map<String, Long> byCommunity, Map<String, Long> activitiesByType, Map<String, Long> participantsByType,
                 Map<String, Long> activitiesByCategory) {
        this(activities, participants, Counts.of(bySex), Counts.of(byAgeBand), Counts.of(byCommunity),
                Counts.of(activitiesByType), Counts.of(participantsByType), Counts.of(activitiesByCategory));
    }

    /**
     * The participant categories an activity counted anyone in, as {@code dimension:value} ({@code sex:female}),
     * with {@code dimension:unspecified} where its breakdown leaves some out; none without participants.
     */
    public static List<String> categoriesOf(Participants people) {
        if (people == null) {
            return List.of();
        }
        List<String> categories = new ArrayList<>();
        categories(categories, "sex", people.bySex(), people.total());
        categories(categories, "ageBand", people.byAgeBand(), people.total());
        categories(categories, "community", people.byCommunity(), people.total());
        return categories;
    }

    private static void categories(List<String> into, String dimension, Map<String, Integer> breakdown, int total) {
        long said = 0;
        for (var part : new TreeMap<>(breakdown).entrySet()) {
            said += part.getValue();
            if (part.getValue() > 0) {
                into.add(dimension + ":" + part.getKey());
            }
        }
        if (total > said) {
            into.add(dimension + ":" + UNSPECIFIED);
        }
    }

    /** With one activity of {@code type} added ({@code sign} 1) or taken away ({@code sign} -1). */
    public Tally add(String type, Participants people, int sign) {
        long total = people == null ? 0 : people.total();
        SortedMap<String, Long> categories = activitiesByCategory;
        for (String category : categoriesOf(people)) {
            categories = Counts.add(categories, category, sign);
        }
        return new Tally(activities + sign, participants + sign * total,
                people == null ? bySex : Counts.addAll(bySex, people.bySex(), sign),
                people == null ? byAgeBand : Counts.addAll(byAgeBand, people.byAgeBand(), sign),
                people == null ? byCommunity : Counts.addAll(byCommunity, people.byCommunity(), sign),
                Counts.add(activitiesByType, type, sign),
                Counts.add(participantsByType, type, sign * total), categories);
    }

    public Tally plus(Tally other, int sign) {
        return new Tally(activities + sign * other.activities, participants + sign * other.participants,
                Counts.addAll(bySex, other.bySex, sign), Counts.addAll(byAgeBand, other.byAgeBand, sign),
                Counts.addAll(byCommunity, other.byCommunity, sign),
                Counts.addAll(activitiesByType, other.activitiesByType, sign),
                Counts.addAll(participantsByType, other.participantsByType, sign),
                Counts.addAll(activitiesByCategory, other.activitiesByCategory, sign));
    }

    /**
     * The participants in a category, {@code value} of {@code dimension} ({@code sex}, {@code ageBand},
     * {@code community}), or those its breakdown leaves out for {@link #UNSPECIFIED}.
     */
    public long participantsIn(String dimension, String value) {
        SortedMap<String, Long> breakdown = switch (dimension) {
            case "sex" -> bySex;
            case "ageBand" -> byAgeBand;
            case "community" -> byCommunity;
            default -> throw new IllegalArgumentException("No participant category " + dimension);
        };
        if (UNSPECIFIED.equals(value)) {
            return participants - breakdown.values().stream().mapToLong(Long::longValue).sum();
        }
        return breakdown.getOrDefault(value, 0L);
    }

    /** How many figures it holds: what a cache bounded in memory weighs it by. */
    public long figures() {
        return 2 + bySex.size() + byAgeBand.size() + byCommunity.size() + activitiesByType.size()
                + participantsByType.size() + activitiesByCategory.size();
    }

    public boolean isEmpty() {
        return activities == 0 && participants == 0 && bySex.isEmpty() && byAgeBand.isEmpty() && byCommunity.isEmpty()
                && activitiesByType.isEmpty() && participantsByType.isEmpty() && activitiesByCategory.isEmpty();
    }
}
