package org.kronika.query.dashboard;

import org.kronika.query.portfolio.ProgrammeShare;
import org.kronika.query.tally.Tally;
import org.kronika.query.trace.Figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A figure of the programme, or of a municipality, broken down into the projects it adds up: each project's own
 * figure for the same cell, read from its tallies, and the trace that leads on to that project's facts.
 *
 * @param activities how many activities the figure counts: all, those of a type, or those that counted anyone in a
 *                   category of participants (as each project's trace lists them)
 */
public record ProgrammeTrace(Figure figure, long activities, long participants,
                             org.kronika.query.readmodel.Page<Line> lines) {

    public static final int LINES_PER_PAGE = 50;

    public record Line(String projectId, String title, String organisation, long activities, long participants,
                       String trace) {
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
            long activities = activities(tally, figure);
            long participants = participants(tally, figure);
            if (activities > 0 || participants > 0) {
                lines.add(new Line(member.getKey(), member.getValue().title(), member.getValue().organisation(),
                        activities, participants, TraceLinks.project(member.getKey(), figure)));
            }
        }
        // The largest shares first, a page at a time; the totals are the whole figure's.
        lines.sort(java.util.Comparator.comparingLong(Line::participants).thenComparingLong(Line::activities)
                .reversed().thenComparing(Line::title));
        int from = Math.min(lines.size(), page * LINES_PER_PAGE);
        return new ProgrammeTrace(figure, lines.stream().mapToLong(Line::activities).sum(),
                lines.stream().mapToLong(Line::participants).sum(), org.kronika.query.readmodel.Page.of(
                        lines.subList(from, Math.min(lines.size(), from + LINES_PER_PAGE)), page, LINES_PER_PAGE,
                        lines.size()));
    }

    private static long activities(Tally tally, Figure figure) {
        if (figure.category() == null) {
            return tally.activities();
        }
        if ("type".equals(figure.dimension())) {
            return tally.activitiesByType().getOrDefault(figure.categoryValue(), 0L);
        }
        return tally.activitiesByCategory().getOrDefault(figure.category(), 0L);
    }

    private static long participants(Tally tally, Figure figure) {
        if (figure.category() == null) {
            return tally.participants();
        }
        if ("type".equals(figure.dimension())) {
            return tally.participantsByType().getOrDefault(figure.categoryValue(), 0L);
        }
        return tally.participantsIn(figure.dimension(), figure.categoryValue());
    }
}
