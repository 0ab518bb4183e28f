package org.kronika.query.dashboard;

import org.kronika.query.portfolio.ProgrammeShare;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.Tally;
import org.kronika.query.trace.Figure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A figure of the programme, or of a municipality, broken down into the projects it adds up: each project's own
 * figure for the same cell, read from its summary, and the trace that leads on to that project's facts.
 */
public record ProgrammeTrace(Figure figure, long activities, long participants, List<Line> lines) {

    public record Line(String projectId, String title, String organisation, long activities, long participants,
                       String trace) {
    }

    /** @param members the projects in the figure's scope, as the caller may see them */
    public static ProgrammeTrace of(Figure figure, SortedMap<String, ProgrammeShare.Member> members,
                                    Map<String, ProjectSummary> summaries) {
        List<Line> lines = new ArrayList<>();
        for (var member : members.entrySet()) {
            ProjectSummary summary = summaries.get(member.getKey());
            Tally tally = summary == null ? Tally.EMPTY : cell(summary, figure);
            long activities = activities(tally, figure);
            long participants = participants(tally, figure);
            if (activities > 0 || participants > 0) {
                lines.add(new Line(member.getKey(), member.getValue().title(), member.getValue().organisation(),
                        activities, participants, TraceLinks.project(member.getKey(), figure)));
            }
        }
        return new ProgrammeTrace(figure, lines.stream().mapToLong(Line::activities).sum(),
                lines.stream().mapToLong(Line::participants).sum(), lines);
    }

    private static Tally cell(ProjectSummary summary, Figure figure) {
        PeriodTallies tallies = figure.municipality() == null ? summary.totals()
                : summary.byMunicipality().getOrDefault(figure.municipality(), PeriodTallies.EMPTY);
        return figure.period() == null ? tallies.total() : tallies.byPeriod().getOrDefault(figure.period(), Tally.EMPTY);
    }

    private static long activities(Tally tally, Figure figure) {
        if ("type".equals(figure.dimension())) {
            return tally.activitiesByType().getOrDefault(figure.categoryValue(), 0L);
        }
        return figure.category() == null ? tally.activities() : 0;
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
