package org.kronika.query.project;

import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.indicator.IndicatorView;
import org.kronika.query.indicator.ProgressView;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.PeriodView;
import org.kronika.query.tally.TallyView;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Shows a {@link ProjectSummary}: the project view and its slim list entry. */
public final class ProjectViews {

    private final ReportingPeriods periods;

    public ProjectViews(ReportingPeriods periods) {
        this.periods = periods;
    }

    /**
     * @param actors whether the caller may see who did what (partners may not): who closed the project. Asked of
     *               every caller, so none leaves it out by default and shows partners less, or others more, than it
     *               means to.
     */
    public ProjectView view(ProjectSummary summary, LocalDate today, LocalDate asOf, Instant knownAt,
                            boolean actors) {
        ProjectDetails d = summary.details();
        ActivityCounts c = summary.counts();
        TallyView all = TallyView.of(summary.totals().total());
        List<ProjectView.PlaceTotals> places = new ArrayList<>();
        summary.byMunicipality().forEach((place, tallies) -> places.add(new ProjectView.PlaceTotals(place,
                tallies.total().activities(), tallies.total().participants())));
        // What no municipality holds comes last, as on the portfolio: sorted by name, "(none)" came first.
        places.sort(java.util.Comparator.comparing(p -> IndicatorProgress.NATIONAL.equals(p.municipality())));
        ProjectView.Totals totals = new ProjectView.Totals(c.active(), c.recorded(), c.corrected(), c.retracted(),
                c.measurements(), all.participants(), all.byType(), places, series(summary.totals(), d));
        List<IndicatorView> indicators = summary.indicators().stream().map(this::indicator).toList();
        return new ProjectView(summary.projectId(), summary.version(), summary.lastRecordedAt(), d.organisationId(),
                d.organisation(), d.organisationInvented(), d.title(), d.summary(), d.generalGoal(),
                d.specificObjectives(), d.targetGroups(), d.municipalities(), d.startDate(), d.endDate(),
                ProjectStatus.of(summary.closure() != null, d.startDate(), d.endDate(), today),
                ProjectView.Closed.of(summary.closure(), actors), d.registeredAt(), summary.progress(ProjectSummary.IndicatorValues.CURRENT),
                lastActivityOn(summary), totals, indicators, summary.plannedActivities(), summary.amendments(), asOf,
                knownAt);
    }

    public IndicatorView indicator(Indicator indicator) {
        return new IndicatorView(indicator.indicatorId(), indicator.definition(),
                indicator.definitions().stream().map(d -> new IndicatorView.DefinitionView(d.sequence(),
                        d.recordedAt(), d.reason(), d.definition())).toList(),
                ProgressView.of(indicator.definition(), indicator.progress(), periods));
    }

    /** The project's time series: every reporting period its dates overlap, and any other with figures. */
    public List<PeriodView> series(PeriodTallies tallies, ProjectDetails details) {
        return PeriodView.series(tallies, periods).stream()
                .filter(p -> p.tally().activities() > 0
                        || (!p.end().isBefore(details.startDate()) && !p.start().isAfter(details.endDate())))
                .toList();
    }

    /** The list entry, without a status: that depends on the day it is read (a closed project's does not). */
    public ProjectListEntry entry(ProjectSummary summary) {
        ProjectDetails d = summary.details();
        List<ProjectListEntry.IndicatorSummary> indicators = summary.indicators().stream().map(i -> {
            double achieved = ProjectSummary.IndicatorValues.CURRENT.achieved(i);
            long contributions = ProjectSummary.IndicatorValues.CURRENT.contributions(i);
            return new ProjectListEntry.IndicatorSummary(i.indicatorId(), i.definition().name(), i.definition().unit(),
                    achieved, i.definition().target(), ProgressView.percent(i.definition(), i.definition().target(),
                    achieved, contributions), i.definition().nothingMeasured(contributions));
        }).toList();
        return new ProjectListEntry(summary.projectId(), d.organisationId(), d.organisation(),
                d.organisationInvented(), d.title(), d.municipalities(), d.startDate(), d.endDate(), null,
                summary.closure() == null ? null : summary.closure().at(), summary.version(), summary.lastRecordedAt(), lastActivityOn(summary),
                summary.totals().total().activities(), summary.totals().total().participants(),
                summary.progress(ProjectSummary.IndicatorValues.CURRENT), indicators);
    }

    public static ProjectListEntry withStatus(ProjectListEntry entry, LocalDate today) {
        String status = ProjectStatus.of(entry.closedAt() != null, entry.startDate(), entry.endDate(), today);
        return new ProjectListEntry(entry.projectId(), entry.organisationId(), entry.organisation(),
                entry.organisationInvented(), entry.title(), entry.municipalities(), entry.startDate(),
                entry.endDate(), status, entry.closedAt(), entry.version(), entry.lastRecordedAt(), entry.lastActivityOn(),
                entry.activities(), entry.participants(), entry.progress(), entry.indicators());
    }

    private static LocalDate lastActivityOn(ProjectSummary summary) {
        return summary.lastActivity() == null ? null : summary.lastActivity().on();
    }

    public ReportingPeriods periods() {
        return periods;
    }

    /** The same views over another set of periods: the programme's calendar as its stream defined it so far. */
    public ProjectViews over(ReportingPeriods defined) {
        return new ProjectViews(defined);
    }

    static String fold(String text) {
        return java.text.Normalizer.normalize(text == null ? "" : text, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT);
    }

}
