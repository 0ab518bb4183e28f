package org.kronika.query.project;

import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.ApprovedPeriodChanged;
import org.kronika.events.PeriodApproved;
import org.kronika.events.PeriodReopened;
import org.kronika.events.PeriodReturned;
import org.kronika.events.PeriodSubmitted;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.ProjectReopened;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityChange;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.MeasurementChange;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.stream.InapplicableEvent;
import org.kronika.query.stream.ReceivedEvent;
import org.kronika.query.tally.PeriodTallies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Folds a project's events, one at a time and in order, into its {@link ProjectSummary}. Every change is
 * incremental: an activity or a measurement adds its contribution, a correction swaps the old contribution for the
 * new one, a retraction takes it away. Nothing re-reads the project's history: taking away what was latest asks the facts for
 * the one latest now ({@link ProjectFacts#latest}), or, once the few last activities the summary keeps are all gone,
 * for as many again ({@link ProjectFacts#lastActivities}).
 */
public final class ProjectSummaryProjection {

    private final ReportingPeriods periods;

    public ProjectSummaryProjection(ReportingPeriods periods) {
        this.periods = periods;
    }

    /**
     * The summary after {@code received}, which must be the event right after {@code summary.version()}.
     *
     * @param change   what the event did to an activity, for activity events, corrections and retractions
     * @param measured what the event did to a measurement, for measurements, their corrections and retractions
     * @throws InapplicableEvent when the event contradicts what the project already holds
     */
    public ProjectSummary apply(ProjectSummary summary, ReceivedEvent received, ActivityChange change,
                                MeasurementChange measured, ProjectFacts facts) {
        ProjectEvent event = received.event() instanceof ProjectEvent projectEvent ? projectEvent : null;
        ProjectSummary next;
        if (event == null) {
            // A type this reader does not know yet still moves the version, or the project would stall.
            next = summary;
        } else if (!summary.isRegistered() && !(event instanceof ProjectRegistered)) {
            throw new InapplicableEvent("the project was not registered before " + received.typeName());
        } else if (event instanceof ProjectRegistered registered) {
            if (summary.isRegistered()) {
                throw new InapplicableEvent("the project is already registered");
            }
            next = summary.with(ProjectDetails.of(registered, received.recordedAt()), List.of());
        } else if (event instanceof ProjectDetailsAmended amended) {
            next = amend(summary, amended, received);
        } else if (event instanceof IndicatorDefined defined) {
            next = define(summary, defined, received);
        } else if (event instanceof IndicatorRedefined redefined) {
            next = redefine(summary, redefined, received);
        } else if (event instanceof IndicatorMeasured || event instanceof MeasurementCorrected
                || event instanceof MeasurementRetracted) {
            next = measurementChanged(summary, Objects.requireNonNull(measured, "measured"), facts);
        } else if (event instanceof ActivityPlanned planned) {
            List<PlannedActivity> all = new ArrayList<>(summary.plannedActivities());
            all.add(new PlannedActivity(planned.plannedActivityId(), received.sequence(), planned.title(),
                    planned.activityType(),
                    planned.plannedCount(), planned.indicatorIds(), 0));
            next = summary.withPlanned(all);
        } else if (event instanceof ActivityEvent || event instanceof ActivityCorrected
                || event instanceof ActivityRetracted) {
            next = activityChanged(summary, Objects.requireNonNull(change, "change"), facts);
        } else if (event instanceof PeriodSubmitted || event instanceof PeriodReturned || event instanceof PeriodApproved
                || event instanceof PeriodReopened || event instanceof ApprovedPeriodChanged) {
            // The reporting workflow changes no figure: its period reports are folded beside the summary.
            next = summary;
        } else if (event instanceof ProjectClosed closed) {
            next = close(summary, closed, received);
        } else if (event instanceof ProjectReopened reopened) {
            next = reopen(summary, reopened, received);
        } else {
            throw new IllegalStateException("Unhandled event type " + event.getClass());
        }
        return next.at(received.sequence(), received.recordedAt());
    }

    /** A closure changes no figure: the summary notes it, after any earlier closure and its reopening. */
    private static ProjectSummary close(ProjectSummary summary, ProjectClosed closed, ReceivedEvent received) {
        if (summary.closure() != null) {
            throw new InapplicableEvent("the project is already closed (at event " + summary.closure().sequence()
                    + ")");
        }
        List<Closure> closures = new ArrayList<>(summary.closures());
        closures.add(Closure.of(closed, received));
        return summary.withClosures(closures);
    }

    /** A reopening ends the standing closure, which the summary keeps with it (replays of before still see it). */
    private static ProjectSummary reopen(ProjectSummary summary, ProjectReopened reopened, ReceivedEvent received) {
        Closure standing = summary.closure();
        if (standing == null) {
            throw new InapplicableEvent("the project is not closed");
        }
        List<Closure> closures = new ArrayList<>(summary.closures());
        closures.set(closures.size() - 1, standing.reopenedBy(new Closure.Reopening(received.sequence(),
                received.recordedAt(), received.actor(), reopened.reason())));
        return summary.withClosures(closures);
    }

    private ProjectSummary amend(ProjectSummary summary, ProjectDetailsAmended amended, ReceivedEvent received) {
        ProjectDetails before = summary.details();
        ProjectDetails after = before.amended(amended);
        Map<String, Amendment.Change> changes = new LinkedHashMap<>();
        change(changes, "title", before.title(), after.title());
        change(changes, "summary", before.summary(), after.summary());
        change(changes, "generalGoal", before.generalGoal(), after.generalGoal());
        change(changes, "specificObjectives", before.specificObjectives(), after.specificObjectives());
        change(changes, "targetGroups", before.targetGroups(), after.targetGroups());
        change(changes, "municipalities", before.municipalities(), after.municipalities());
        change(changes, "endDate", before.endDate(), after.endDate());
        List<Amendment> amendments = new ArrayList<>(summary.amendments());
        amendments.add(new Amendment(received.sequence(), received.recordedAt(), amended.reason(), changes));
        return summary.with(after, amendments);
    }

    private static void change(Map<String, Amendment.Change> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, new Amendment.Change(before, after));
        }
    }

    private ProjectSummary define(ProjectSummary summary, IndicatorDefined defined, ReceivedEvent received) {
        if (summary.indicator(defined.indicatorId()).isPresent()) {
            throw new InapplicableEvent("indicator " + defined.indicatorId() + " is already defined");
        }
        IndicatorDefinition definition = IndicatorDefinition.of(defined);
        List<Indicator> indicators = new ArrayList<>(summary.indicators());
        indicators.add(new Indicator(definition, List.of(new Indicator.Definition(received.sequence(),
                received.recordedAt(), null, definition)), IndicatorProgress.EMPTY));
        return summary.withIndicators(indicators);
    }

    private ProjectSummary redefine(ProjectSummary summary, IndicatorRedefined redefined, ReceivedEvent received) {
        Indicator indicator = summary.indicator(redefined.indicatorId()).orElseThrow(() ->
                new InapplicableEvent("indicator " + redefined.indicatorId() + " is not defined"));
        return replace(summary, indicator.redefined(new Indicator.Definition(received.sequence(),
                received.recordedAt(), redefined.reason(), indicator.definition().redefined(redefined))));
    }

    /** The summary with a measurement added, as a replay adds what it knows: one still counting, as it stands. */
    public ProjectSummary measure(ProjectSummary summary, Measurement measurement) {
        return measurementChanged(summary, new MeasurementChange(null, measurement), ProjectFacts.NONE);
    }

    /**
     * The summary after a change to one measurement: recorded, corrected or retracted. As for an activity, the old
     * contribution is swapped for the new one, and taking away what was latest asks the facts for the one latest now.
     */
    public ProjectSummary measurementChanged(ProjectSummary summary, MeasurementChange change, ProjectFacts facts) {
        Measurement after = change.after();
        ActivityCounts c = summary.counts();
        if ((change.before() == null) != (after == null)) {
            // Every measurement recorded is counted and listed, a retracted one too: it keeps its place.
            c = new ActivityCounts(c.recorded(), c.active(), c.corrected(), c.retracted(),
                    c.measurements() + (after == null ? -1 : 1), c.byPeriod());
        }
        ProjectSummary withCount = summary.withCounts(retractedIn(retractedIn(c, change.before(), -1), after, 1));
        Contribution was = change.contributionBefore();
        Contribution is = change.contributionAfter();
        return summary.indicator(change.indicatorId())
                .map(i -> replace(withCount, i.withProgress(i.progress().replace(was, is, i.definition(), periods,
                        (month, municipality) -> facts.latest(i.definition(), month, municipality)))))
                .orElseThrow(() -> new InapplicableEvent("indicator " + change.indicatorId() + " is not defined"));
    }

    /** The counts with {@code measurement}, if retracted, counted {@code sign} times in its month. */
    private ActivityCounts retractedIn(ActivityCounts counts, Measurement measurement, int sign) {
        return measurement == null || measurement.standing() ? counts
                : counts.inMonth(periods.bucketOf(measurement.measuredOn()),
                ActivityCounts.Month.ofRetractedMeasurement(), sign);
    }

    private static ProjectSummary replace(ProjectSummary summary, Indicator changed) {
        List<Indicator> indicators = new ArrayList<>(summary.indicators());
        indicators.replaceAll(i -> i.indicatorId().equals(changed.indicatorId()) ? changed : i);
        return summary.withIndicators(indicators);
    }

    /** The summary after a change to one activity: recorded, corrected or retracted. */
    public ProjectSummary activityChanged(ProjectSummary summary, ActivityChange change, ProjectFacts facts) {
        ActivityFacts old = change.factsBefore();
        ActivityFacts now = change.factsAfter();
        Activity before = change.before();
        Activity after = change.after();

        ActivityCounts c = summary.counts();
        // An activity once corrected or retracted stays so: each count moves by what the change made of it, either way.
        ActivityCounts counts = new ActivityCounts(c.recorded() + one(after) - one(before),
                c.active() + (now != null ? 1 : 0) - (old != null ? 1 : 0),
                c.corrected() + one(after, Activity::isCorrected) - one(before, Activity::isCorrected),
                c.retracted() + one(after, Activity::isRetracted) - one(before, Activity::isRetracted),
                c.measurements(), c.byPeriod());
        if (before != null) {
            counts = counts.inMonth(monthOf(before, old), monthCounted(before, old), -1);
        }
        if (after != null) {
            counts = counts.inMonth(monthOf(after, now), monthCounted(after, now), 1);
        }

        PeriodTallies totals = summary.totals();
        SortedMap<String, PeriodTallies> places = new TreeMap<>(summary.byMunicipality());
        for (var side : List.of(new Side(old, -1), new Side(now, 1))) {
            if (side.facts() == null) {
                continue;
            }
            String period = periods.bucketOf(side.facts().occurredOn());
            totals = totals.add(period, side.facts().type(), side.facts().participants(), side.sign());
            String place = place(side.facts());
            PeriodTallies there = places.getOrDefault(place, PeriodTallies.EMPTY)
                    .add(period, side.facts().type(), side.facts().participants(), side.sign());
            if (there.isEmpty()) {
                places.remove(place);
            } else {
                places.put(place, there);
            }
        }

        List<Indicator> indicators = new ArrayList<>(summary.indicators().size());
        for (Indicator indicator : summary.indicators()) {
            Contribution was = old == null ? null : old.contributionTo(indicator.definition());
            Contribution is = now == null ? null : now.contributionTo(indicator.definition());
            if (was == null && is == null) {
                indicators.add(indicator);
                continue;
            }
            IndicatorDefinition definition = indicator.definition();
            indicators.add(indicator.withProgress(indicator.progress().replace(was, is, definition, periods,
                    (month, municipality) -> facts.latest(definition, month, municipality))));
        }

        List<PlannedActivity> planned = summary.plannedActivities();
        String plannedBefore = old == null ? null : old.plannedActivityId();
        String plannedAfter = now == null ? null : now.plannedActivityId();
        if (!Objects.equals(plannedBefore, plannedAfter)) {
            planned = planned.stream().map(p -> p.plannedActivityId().equals(plannedBefore) ? p.implemented(-1)
                    : p.plannedActivityId().equals(plannedAfter) ? p.implemented(1) : p).toList();
        }

        LastActivities last = summary.lastActivities().changed(old, now, c.active(), facts::lastActivities);
        return summary.withActivities(counts, totals, places, last).withIndicators(indicators).withPlanned(planned);
    }

    private static int one(Activity activity) {
        return activity == null ? 0 : 1;
    }

    private static int one(Activity activity, java.util.function.Predicate<Activity> is) {
        return activity != null && is.test(activity) ? 1 : 0;
    }

    private record Side(ActivityFacts facts, int sign) {
    }

    /** The month of the day an activity happened as it stands, retracted or not. */
    private String monthOf(Activity activity, ActivityFacts standing) {
        return periods.bucketOf((standing != null ? standing : ActivityData.facts(activity)).occurredOn());
    }

    private static ActivityCounts.Month monthCounted(Activity activity, ActivityFacts standing) {
        return ActivityCounts.Month.ofActivity(activity.isCorrected(), activity.isRetracted(),
                standing == null ? null : standing.plannedActivityId());
    }

    private static String place(ActivityFacts facts) {
        return facts.municipality() == null ? IndicatorProgress.NATIONAL : facts.municipality();
    }

}
