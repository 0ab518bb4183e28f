package org.kronika.query.tally;

import org.kronika.events.Participants;

import java.util.Map;
import java.util.SortedMap;

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
 */
public record Tally(long activities, long participants, SortedMap<String, Long> bySex,
                    SortedMap<String, Long> byAgeBand, SortedMap<String, Long> byCommunity,
                    SortedMap<String, Long> activitiesByType, SortedMap<String, Long> participantsByType) {

    public static final Tally EMPTY = new Tally(0, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public Tally {
        bySex = Counts.owned(bySex);
        byAgeBand = Counts.owned(byAgeBand);
        byCommunity = Counts.owned(byCommunity);
        activitiesByType = Counts.owned(activitiesByType);
        participantsByType = Counts.owned(participantsByType);
    }

    public Tally(long activities, long participants, Map<String, Long> bySex, Map<String, Long> byAgeBand,
                 Map<String, Long> byCommunity, Map<String, Long> activitiesByType, Map<String, Long> participantsByType) {
        this(activities, participants, Counts.of(bySex), Counts.of(byAgeBand), Counts.of(byCommunity),
                Counts.of(activitiesByType), Counts.of(participantsByType));
    }

    /** With one activity of {@code type} added ({@code sign} 1) or taken away ({@code sign} -1). */
    public Tally add(String type, Participants people, int sign) {
        long total = people == null ? 0 : people.total();
        return new Tally(activities + sign, participants + sign * total,
                people == null ? bySex : Counts.addAll(bySex, people.bySex(), sign),
                people == null ? byAgeBand : Counts.addAll(byAgeBand, people.byAgeBand(), sign),
                people == null ? byCommunity : Counts.addAll(byCommunity, people.byCommunity(), sign),
                Counts.add(activitiesByType, type, sign),
                Counts.add(participantsByType, type, sign * total));
    }

    public Tally plus(Tally other, int sign) {
        return new Tally(activities + sign * other.activities, participants + sign * other.participants,
                Counts.addAll(bySex, other.bySex, sign), Counts.addAll(byAgeBand, other.byAgeBand, sign),
                Counts.addAll(byCommunity, other.byCommunity, sign),
                Counts.addAll(activitiesByType, other.activitiesByType, sign),
                Counts.addAll(participantsByType, other.participantsByType, sign));
    }

    /** How many figures it holds: what a cache bounded in memory weighs it by. */
    public long figures() {
        return 2 + bySex.size() + byAgeBand.size() + byCommunity.size() + activitiesByType.size()
                + participantsByType.size();
    }

    public boolean isEmpty() {
        return activities == 0 && participants == 0 && bySex.isEmpty() && byAgeBand.isEmpty() && byCommunity.isEmpty()
                && activitiesByType.isEmpty() && participantsByType.isEmpty();
    }
}
