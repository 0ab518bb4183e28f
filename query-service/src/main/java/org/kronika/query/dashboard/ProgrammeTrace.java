package org.kronika.query.dashboard;

import org.kronika.query.portfolio.ProgrammeShare;
import org.kronika.query.tally.Tally;
import org.kronika.query.trace.Figure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A figure of the programme, or of a municipality, broken down into the projects it adds up: each project's own
 * figure for the same cell, read from its tallies, and the trace that leads on to that project's facts.
 *
 * @param activities how many activities the figure counts, or null for a category of participants (sex, age band,
 *                   community): the tallies count the people in each category, not the activities that counted
 *                   them, so no count of activities here could agree with a project's trace, which lists them
 */
public record ProgrammeTrace(Figure figure, Long activities, long participants,
                             org.kronika.query.readmodel.Page<Line> lines) {

    public static final int LINES_PER_PAGE = 50;

    /** @param activities null for a category of participants, as the trace's */
    public record Line(String projectId, String title, String organisation, Long activities, long participants,
                       String trace) {

        long activitiesOrNone() {
            return activities == null ? 0 : activities;
        }
    }

    /**
     * @param members the projects in the figure's scope, as the caller may see them
     * @param cells   each project's tally for the figure's municipality and period
     */
    public static ProgrammeTrace of(Figure figure, SortedMap<String, ProgrammeShare.Member> members,
                                    Map<String, Tally> cells, int page) {
        List<Line> lines = new ArrayList<>();
        for (var member : members.entrySet()) {
            Tally tally = cells.getOrDefault(member.getKey(), Tally.EMPTY);
            Long activities = activities(tally, figure);
            long participants = participants(tally, figure);
            if ((activities != null && activities > 0) || participants > 0) {
                lines.add(new Line(member.getKey(), member.getValue().title(), member.getValue().organisation(),
                        activities, participants, TraceLinks.project(member.getKey(), figure)));
            }
        }
        // The largest shares first, a page at a time; the totals are the whole figure's.
        lines.sort(java.util.Comparator.comparingLong(Line::participants).thenComparingLong(Line::activitiesOrNone)
                .reversed().thenComparing(Line::title));
        int from = Math.min(lines.size(), page * LINES_PER_PAGE);
        return new ProgrammeTrace(figure, countsActivities(figure) ? lines.stream().mapToLong(Line::activitiesOrNone)
                .sum() : null,
                lines.stream().mapToLong(Line::participants).sum(), org.kronika.query.readmodel.Page.of(
                        lines.subList(from, Math.min(lines.size(), from + LINES_PER_PAGE)), page, LINES_PER_PAGE,
                        lines.size()));
    }

    private static Long activities(Tally tally, Figure figure) {
        if (!countsActivities(figure)) {
            return null;
        }
        if ("type".equals(figure.dimension())) {
            return tally.activitiesByType().getOrDefault(figure.categoryValue(), 0L);
        }
        return tally.activities();
    }

    /** Whether the tallies count the figure's activities: all of them, or those of a type. */
    private static boolean countsActivities(Figure figure) {
        return figure.category() == null || "type".equals(figure.dimension());
    }

    private static long participants(Tally tally, Figure figure) {
        if (figure.category() == null) {
            return tally.participants();
        }
        Map<String, Long> counts = switch (figure.dimension()) {
            case "type" -> tally.participantsByType();
            case "sex" -> tally.bySex();
            case "ageBand" -> tally.byAgeBand();
            default -> tally.byCommunity();
        };
        if (Figure.UNSPECIFIED.equals(figure.categoryValue()) && !"type".equals(figure.dimension())) {
            return tally.participants() - sum(counts.values());
        }
        return counts.getOrDefault(figure.categoryValue(), 0L);
    }

    private static long sum(Collection<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).sum();
    }
}
