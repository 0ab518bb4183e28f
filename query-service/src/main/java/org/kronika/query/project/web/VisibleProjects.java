package org.kronika.query.project.web;

import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.calendar.DefinedPeriods;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.Indicator;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.ProjectOrder;
import org.kronika.query.project.RecentSummaries;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.projection.UnappliedEvents;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.web.Callers;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.LiveReadModels;
import org.springframework.stereotype.Component;

/**
 * The live read models' projects as the caller may see them: a recorder sees its own organisation's projects
 * only, on every path.
 */
@Component
public class VisibleProjects {

    private final Generations generations;
    private final ProjectViews views;
    private final Programme programme;
    /** The list's order, shared by every request of this instance. */
    private final ProjectOrder order;
    private final RecentSummaries recent = new RecentSummaries();

    public VisibleProjects(Generations generations, ProjectViews views, Programme programme, java.time.Clock clock) {
        this.generations = generations;
        this.views = views;
        this.programme = programme;
        this.order = new ProjectOrder(clock);
    }

    /** The generation this request reads, fixed for the whole request. */
    public Generation live() {
        return LiveReadModels.of(generations);
    }

    public org.kronika.query.activity.Activities activities(Generation generation) {
        return new org.kronika.query.activity.Activities(generations.database(), generation);
    }

    public org.kronika.query.measurement.Measurements measurements(Generation generation) {
        return new org.kronika.query.measurement.Measurements(generations.database(), generation);
    }

    public org.kronika.query.history.ProjectHistory history(Generation generation) {
        return new org.kronika.query.history.ProjectHistory(generations.database(), generation);
    }

    /**
     * What the generation holds back of the project (a record of it rejected, its events held), which says why its
     * history stops at a version though the topic holds more. Read before the version: {@link UnappliedEvents#find}.
     */
    public UnappliedEvents.Found unapplied(Generation generation, String projectId) {
        return new UnappliedEvents(generations.database()).find(generation, projectId);
    }

    public ProjectSummaries summaries(Generation generation) {
        return new ProjectSummaries(generations.database(), generation, views, order);
    }

    /**
     * The name of the only organisation the caller may see (a recorder's own), as its projects registered it, for
     * people to read; its id while it has no project listed. {@code null} for a caller who sees every organisation.
     */
    public String visibleOrganisationName(Generation generation) {
        String organisation = Callers.visibleOrganisation();
        return organisation == null ? null : summaries(generation).organisationName(organisation).orElse(organisation);
    }

    /** The project's summary, if the caller may see it. */
    public ProjectSummary summary(Generation generation, String projectId) {
        ProjectSummary summary = recent.find(summaries(generation), generation, projectId)
                .orElseThrow(() -> unknown(projectId));
        Callers.requireSight(summary.organisationId(), "Project " + projectId);
        return summary;
    }

    /** One of the project's indicators, named in a path or a query: 404 when the project has none of that id. */
    public Indicator indicator(ProjectSummary summary, String indicatorId) {
        return summary.indicator(indicatorId).orElseThrow(() -> new NotFound("Unknown indicator",
                "Project " + summary.projectId() + " has no indicator " + indicatorId));
    }

    /** The project's list entry, if the caller may see it: a cheap check before reading its facts. */
    public ProjectListEntry entry(Generation generation, String projectId) {
        ProjectListEntry entry = summaries(generation).entry(projectId).orElseThrow(() -> unknown(projectId));
        Callers.requireSight(entry.organisationId(), "Project " + projectId);
        return entry;
    }

    /** The views over the programme's periods as the generation knows them. */
    public ProjectViews views(Generation generation) {
        return views.over(periods(generation));
    }

    /**
     * Every period the calendar stream defined, with the programme file's quarters for any not defined yet. A
     * programme has at most a thousand periods, so this read is bounded whatever the history.
     */
    public ReportingPeriods periods(Generation generation) {
        return ProgrammeCalendar.of(programme, defined(generation));
    }

    public java.util.List<DefinedPeriod> defined(Generation generation) {
        return new DefinedPeriods(generations.database(), generation).of(programme.programmeId());
    }

    /** What names the items of a report's flagged changes: activities and measurements as they stand. */
    public org.kronika.query.report.ChangedItems changedItems(Generation generation) {
        return new org.kronika.query.report.ChangedItems(activities(generation), measurements(generation));
    }

    /**
     * How many reports of the projects the caller may see are in each status the reporting workflow gives
     * (submitted, returned, approved), 0 for none: counts the projection keeps with the programme's figures, for the
     * programme and for each organisation ({@link org.kronika.query.portfolio.ProgrammeAggregate#reports}), so one
     * small read whatever the programme holds.
     */
    public java.util.Map<String, Long> reportsByStatus(Generation generation) {
        return new org.kronika.query.portfolio.ProgrammeAggregates(generations.database(), generation)
                .reportsByStatus(org.kronika.query.portfolio.Scope.programme(Callers.visibleOrganisation()));
    }

    public org.kronika.query.report.PeriodReports reports(Generation generation) {
        return new org.kronika.query.report.PeriodReports(generations.database(), generation);
    }

    /**
     * How many of each project's reports are overdue, as the programme's list of overdue reports finds them: from the
     * generation's reports, over every period of its calendar as already read for the request ({@link #defined}).
     */
    public org.kronika.query.report.OverdueReports overdueReports(Generation generation,
                                                                  java.util.List<DefinedPeriod> defined) {
        return org.kronika.query.report.OverdueReports.of(reports(generation), ProgrammeCalendar.all(programme,
                defined));
    }

    public Programme programme() {
        return programme;
    }

    private static NotFound unknown(String projectId) {
        return new NotFound("Unknown project", "No project " + projectId + " is known to the query service");
    }
}
