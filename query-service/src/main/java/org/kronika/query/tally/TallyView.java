package org.kronika.query.tally;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A tally as shown: activities, the people who took part with their breakdowns, and both per activity type.
 */
public record TallyView(long activities, ParticipantsView participants, SortedMap<String, TypeView> byType) {

    public record ParticipantsView(long total, Map<String, Long> bySex, Map<String, Long> byAgeBand,
                                   Map<String, Long> byCommunity) {
    }

    public record TypeView(long activities, long participants) {
    }

    public static TallyView of(Tally tally) {
        SortedMap<String, TypeView> types = new TreeMap<>();
        tally.activitiesByType().forEach((type, count) ->
                types.put(type, new TypeView(count, tally.participantsByType().getOrDefault(type, 0L))));
        return new TallyView(tally.activities(), new ParticipantsView(tally.participants(), tally.bySex(),
                tally.byAgeBand(), tally.byCommunity()), types);
    }
}
