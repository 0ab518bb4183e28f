package org.kronika.query.portfolio;

import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.project.ProjectStatus;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.tally.Counts;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.Tally;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one project adds to the programme's figures at one version of it: its tallies, where it works, and the
 * line it has in rankings and municipality lists. The programme's aggregates are sums of shares; the share last
 * added is kept, so the next change adds only the difference.
 *
 * @param cellsToClear the {@link ProgrammeCell}s an earlier share of the project had a line in and this one has
 *                     not: the share is written before the cells, so after a crash in between these lines may
 *                     still be there, and the next writer clears them
 * @param reports      how many of the project's reports are in each status the reporting workflow gives
 *                     ({@link #REPORT_STATUSES}); none while open
 * @param scopesToClear the slices of the aggregates an earlier share of the project had a part in and this one has
 *                     not, in a share written ahead of the aggregates
 *                     ({@code ProgrammeAggregateProjection#comingIntoScopes}): after a stop before the aggregates,
 *                     they may still count the project, and the next writer takes it out; none in a share written
 *                     after them
 */
public record ProgrammeShare(String projectId, long version, Member member, List<String> municipalities,
                             PeriodTallies totals, SortedMap<String, PeriodTallies> byMunicipality,
                             List<String> cellsToClear, SortedMap<String, Long> reports, List<String> scopesToClear) {

    /** The statuses whose reports the programme counts: those the list of reports by status lists. */
    public static final List<String> REPORT_STATUSES = List.of(PeriodReport.SUBMITTED, PeriodReport.RETURNED,
            PeriodReport.APPROVED);

    /**
     * A project's line in an aggregate.
     *
     * @param version      the project version whose share the aggregate includes
     * @param activities   activities that count, in the aggregate's scope (the programme, or one municipality)
     * @param participants people who took part, in the same scope
     * @param progress     0 to 100, see {@link ProjectSummary#progress}
     * @param startDate    its first day
     * @param endDate      its last day, as amended: with {@code startDate}, the periods whose reports it owes
     * @param closed       whether it is closed out, from its closure until a reopening: with its dates, its status
     *                     on any day ({@link #status}); kept here since only an event changes it
     */
    public record Member(long version, String title, String organisationId, String organisation, Double progress,
                         List<String> municipalities, long activities, long participants, LocalDate startDate,
                         LocalDate endDate, boolean closed) {

        public Member {
            municipalities = municipalities == null ? List.of() : List.copyOf(municipalities);
        }

        Member in(Tally tally) {
            return new Member(version, title, organisationId, organisation, progress, municipalities,
                    tally.activities(), tally.participants(), startDate, endDate, closed);
        }

        /** As the project list names it ({@link ProjectStatus}): closed, or planned, active or ended on the day. */
        public String status(LocalDate day) {
            return ProjectStatus.of(closed, startDate, endDate, day);
        }
    }

    public ProgrammeShare {
        municipalities = List.copyOf(municipalities);
        cellsToClear = cellsToClear == null ? List.of() : List.copyOf(cellsToClear);
        scopesToClear = scopesToClear == null ? List.of() : List.copyOf(scopesToClear);
        byMunicipality = Collections.unmodifiableSortedMap(new TreeMap<>(byMunicipality));
        reports = Counts.of(reports);
    }

    public static ProgrammeShare of(ProjectSummary summary) {
        var details = summary.details();
        Member member = new Member(summary.version(), details.title(), details.organisationId(), details.organisation(),
                summary.progress(ProjectSummary.IndicatorValues.CURRENT), summary.places(),
                summary.totals().total().activities(), summary.totals().total().participants(), details.startDate(),
                details.endDate(), summary.closure() != null);
        Map<String, Long> reports = new TreeMap<>();
        summary.reports().values().stream().filter(REPORT_STATUSES::contains)
                .forEach(status -> reports.merge(status, 1L, Long::sum));
        return new ProgrammeShare(summary.projectId(), summary.version(), member, details.municipalities(),
                summary.totals(), summary.byMunicipality(), List.of(), Counts.of(reports), List.of());
    }

    ProgrammeShare clearing(java.util.Collection<String> cells) {
        return new ProgrammeShare(projectId, version, member, municipalities, totals, byMunicipality,
                new java.util.TreeSet<>(cells).stream().toList(), reports, scopesToClear);
    }

    ProgrammeShare leaving(java.util.Collection<String> scopes) {
        return new ProgrammeShare(projectId, version, member, municipalities, totals, byMunicipality, cellsToClear,
                reports, new java.util.TreeSet<>(scopes).stream().toList());
    }

    /**
     * This share's line in each {@link ProgrammeCell}, by the id of the cell's {@link Slices slice} that holds it:
     * every month and all time, everywhere and per place.
     */
    Map<String, Tally> cells() {
        Map<String, Tally> cells = new LinkedHashMap<>();
        cells(ProgrammeCell.EVERYWHERE, totals, cells);
        byMunicipality.forEach((place, tallies) -> cells(place, tallies, cells));
        return cells;
    }

    private void cells(String place, PeriodTallies tallies, Map<String, Tally> cells) {
        if (!tallies.total().isEmpty()) {
            cells.put(Slices.of(ProgrammeCell.id(place, ProgrammeCell.ALL_TIME), projectId), tallies.total());
        }
        tallies.byPeriod().forEach((month, tally) -> {
            if (!tally.isEmpty()) {
                cells.put(Slices.of(ProgrammeCell.id(place, month), projectId), tally);
            }
        });
    }

    /** This share's part of each aggregate it belongs to, by scope. */
    Map<Scope, Part> parts() {
        Map<Scope, Part> parts = new LinkedHashMap<>();
        String organisation = member.organisationId();
        SortedMap<String, Tally> places = new TreeMap<>();
        byMunicipality.forEach((place, tallies) -> places.put(place, tallies.total()));
        Part programme = new Part(member, totals, places, reports);
        parts.put(Scope.programme(null), programme);
        parts.put(Scope.programme(organisation), programme);
        TreeMap<String, PeriodTallies> there = new TreeMap<>();
        municipalities.forEach(m -> there.put(m, PeriodTallies.EMPTY));
        byMunicipality.forEach((place, tallies) -> {
            if (!IndicatorProgress.NATIONAL.equals(place)) {
                there.put(place, tallies);
            }
        });
        there.forEach((place, tallies) -> {
            // Reports are counted for the programme and each organisation, not per place: a report covers them all.
            Part part = new Part(member.in(tallies.total()), tallies, Collections.emptySortedMap(),
                    Collections.emptySortedMap());
            parts.put(Scope.municipality(place, null), part);
            parts.put(Scope.municipality(place, organisation), part);
        });
        return parts;
    }

    /** What a share adds to one aggregate. */
    record Part(Member member, PeriodTallies totals, SortedMap<String, Tally> byMunicipality,
                SortedMap<String, Long> reports) {
    }
}
