package org.kronika.query.trace;

import org.kronika.events.Participants;
import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.Indicator;
import org.kronika.query.project.ProjectSummary;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds the facts behind a figure by applying the read models' own rules to the project's activities and
 * measurements: the same contribution of each activity, the same bucket of each date, the same place. What a
 * trace adds up is therefore what the figure shows, never a second opinion of it.
 */
public final class Traces {

    private final ReportingPeriods periods;

    public Traces(ReportingPeriods periods) {
        this.periods = periods;
    }

    /** @throws IllegalArgumentException if the figure names an indicator the project does not have */
    public Trace trace(ProjectSummary summary, Figure figure, Activities activities, Measurements measurements) {
        Indicator indicator = figure.indicatorId() == null ? null : summary.indicator(figure.indicatorId())
                .orElseThrow(() -> new IllegalArgumentException("The project has no indicator " + figure.indicatorId()));
        List<Item> found = new ArrayList<>();
        for (Activity activity : activities.all(summary.projectId(), summary.counts().recorded())) {
            if (activity.isRetracted()) {
                continue;
            }
            ActivityFacts facts = ActivityData.facts(activity);
            Contribution contribution = indicator == null ? null : facts.contributionTo(indicator.definition());
            if (indicator != null && contribution == null) {
                continue;
            }
            if (!where(figure, facts.occurredOn(), facts.municipality()) || !typeMatches(figure, facts.type())) {
                continue;
            }
            long people = people(figure, facts.participants());
            if (figure.category() != null && !"type".equals(figure.dimension()) && people == 0) {
                continue;
            }
            found.add(new Item(activity, facts, contribution, people, periods.listedIn(facts.occurredOn())));
        }
        if (indicator != null && figure.category() == null) {
            for (Measurement m : measurements.all(summary.projectId(), summary.counts().measurements())) {
                // As a retracted activity, a retracted measurement no longer counts; a corrected one, as it stands.
                if (m.standing() && m.indicatorId().equals(indicator.indicatorId())
                        && where(figure, m.measuredOn(), m.municipality())) {
                    found.add(new Item(m, periods));
                }
            }
        }
        found.sort(Comparator.comparing((Item i) -> i.contribution.on()).thenComparingLong(i -> i.contribution.order()));
        return total(summary.projectId(), figure, indicator, found);
    }

    private Trace total(String projectId, Figure figure, Indicator indicator, List<Item> found) {
        long activities = found.stream().filter(i -> i.activity != null).count();
        long participants = found.stream().mapToLong(i -> i.people).sum();
        BigDecimal value = null;
        boolean nothingMeasured = false;
        if (indicator != null && figure.category() == null) {
            IndicatorDefinition definition = indicator.definition();
            value = IndicatorProgress.of(found.stream().map(i -> i.contribution).toList(), definition, periods)
                    .overall().value(definition.aggregation());
            nothingMeasured = definition.nothingMeasured(found.size());
        } else if (indicator != null) {
            value = BigDecimal.valueOf(participants);
        }
        return new Trace(projectId, figure, activities, participants, value,
                found.stream().map(i -> i.shown(figure, indicator != null)).toList(), nothingMeasured);
    }

    private boolean where(Figure figure, java.time.LocalDate on, String municipality) {
        String place = municipality == null ? IndicatorProgress.NATIONAL : municipality;
        return (figure.period() == null || periods.range(figure.period()).contains(on))
                && (figure.municipality() == null || figure.municipality().equals(place));
    }

    private static boolean typeMatches(Figure figure, String type) {
        return !"type".equals(figure.dimension()) || figure.categoryValue().equals(type);
    }

    /** The people an activity counts for the figure: all of them, or those in its category. */
    private static long people(Figure figure, Participants participants) {
        if (participants == null) {
            return 0;
        }
        if (figure.category() == null || "type".equals(figure.dimension())) {
            return participants.total();
        }
        Map<String, Integer> breakdown = switch (figure.dimension()) {
            case "sex" -> participants.bySex();
            case "ageBand" -> participants.byAgeBand();
            default -> participants.byCommunity();
        };
        if (Figure.UNSPECIFIED.equals(figure.categoryValue())) {
            return participants.total() - breakdown.values().stream().mapToLong(Integer::longValue).sum();
        }
        return breakdown.getOrDefault(figure.categoryValue(), 0);
    }

    /** A fact found, before it is shown. */
    private static final class Item {
        final Activity activity;
        final Measurement measurement;
        final ActivityFacts facts;
        final Contribution contribution;
        final long people;
        final String period;

        Item(Activity activity, ActivityFacts facts, Contribution contribution, long people, String period) {
            this.activity = activity;
            this.measurement = null;
            this.facts = facts;
            // Totals have no indicator; the day and order still sort them as the figures count them.
            this.contribution = contribution != null ? contribution : new Contribution(facts.occurredOn(),
                    Contribution.activityOrder(facts.ordinal()), BigDecimal.ONE, facts.municipality(), null);
            this.people = people;
            this.period = period;
        }

        Item(Measurement measurement, ReportingPeriods periods) {
            this.activity = null;
            this.measurement = measurement;
            this.facts = null;
            this.contribution = measurement.contribution();
            this.people = 0;
            this.period = periods.listedIn(measurement.measuredOn());
        }

        Trace.Item shown(Figure figure, boolean forIndicator) {
            if (measurement != null) {
                List<Long> sequences = new ArrayList<>(List.of(measurement.sequence()));
                measurement.corrections().forEach(c -> sequences.add(c.sequence()));
                return new Trace.Item("measurement", measurement.measurementId(), measurement.indicatorId(), null,
                        measurement.measuredOn(), measurement.municipality(), period, 0, measurement.value(),
                        sequences, measurement.corrections().stream().map(Measurement.Correction::reason).toList());
            }
            BigDecimal value = !forIndicator ? BigDecimal.valueOf(people)
                    : figure.category() == null ? contribution.value() : BigDecimal.valueOf(people);
            List<Long> sequences = activity.states().stream().map(Activity.Statement::sequence).toList();
            List<String> reasons = activity.states().stream().skip(1).map(Activity.Statement::reason).toList();
            Object title = activity.current().data().getOrDefault("title", activity.current().data().get("name"));
            return new Trace.Item("activity", activity.activityId(), activity.type(),
                    title == null ? null : title.toString(), facts.occurredOn(), facts.municipality(), period, people,
                    value, sequences, reasons);
        }
    }
}
