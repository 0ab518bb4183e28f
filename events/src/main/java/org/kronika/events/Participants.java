package org.kronika.events;

import java.util.Map;

/**
 * How many people took part, and optional breakdowns of them. Counts only: no personal data about anyone ever
 * enters an event. Each breakdown may cover fewer people than {@code total} (the rest did not say), never more.
 *
 * @param total       everyone who took part
 * @param bySex       counts per sex category of the programme, e.g. {@code {"female": 14, "male": 3}}
 * @param byAgeBand   counts per age band of the programme, e.g. {@code {"18-24": 12}}
 * @param byCommunity counts per community of the programme, e.g. {@code {"albanian": 10, "serb": 4}}
 */
public record Participants(
        int total,
        Map<String, Integer> bySex,
        Map<String, Integer> byAgeBand,
        Map<String, Integer> byCommunity) {

    public Participants {
        bySex = bySex == null ? Map.of() : Map.copyOf(bySex);
        byAgeBand = byAgeBand == null ? Map.of() : Map.copyOf(byAgeBand);
        byCommunity = byCommunity == null ? Map.of() : Map.copyOf(byCommunity);
    }

    public static Participants bySex(int total, int female, int male) {
        return new Participants(total, Map.of("female", female, "male", male), Map.of(), Map.of());
    }

    public static Participants total(int total) {
        return new Participants(total, Map.of(), Map.of(), Map.of());
    }
}
